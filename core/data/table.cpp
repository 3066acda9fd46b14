#include "core/data/table.h"

namespace mdeck::data {

const char *columnTypeName(ColumnType type)
{
    switch (type) {
    case ColumnType::Numeric:
        return "numeric";
    case ColumnType::Categorical:
        return "categorical";
    case ColumnType::Boolean:
        return "boolean";
    case ColumnType::Datetime:
        return "datetime";
    }
    return "numeric";
}

Result<ColumnType> parseColumnType(const std::string &text)
{
    for (const ColumnType t : {ColumnType::Numeric, ColumnType::Categorical, ColumnType::Boolean,
                               ColumnType::Datetime}) {
        if (text == columnTypeName(t))
            return t;
    }
    return Error(ErrorCode::InvalidArgument,
                 "unknown column type '" + text
                     + "' (expected numeric, categorical, boolean or datetime)");
}

int Table::columnIndex(const std::string &name) const
{
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].name == name)
            return static_cast<int>(i);
    }
    return -1;
}

const Column *Table::column(const std::string &name) const
{
    const int i = columnIndex(name);
    return i < 0 ? nullptr : &columns[static_cast<std::size_t>(i)];
}

} // namespace mdeck::data
