#include "app/mdeck/text_table.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ostream>

namespace mdeck::cli {

namespace {

std::size_t displayWidth(const std::string &text)
{
    std::size_t n = 0;
    for (unsigned char c : text)
        n += (c & 0xC0) != 0x80; // count lead bytes only
    return n;
}

void pad(std::ostream &out, std::size_t count)
{
    for (std::size_t i = 0; i < count; ++i)
        out.put(' ');
}

} // namespace

std::string cellText(const std::string &text)
{
    std::string out = text;
    for (char &c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            c = ' ';
    return out;
}

std::string clip(const std::string &text, std::size_t max)
{
    if (displayWidth(text) <= max)
        return text;
    std::size_t points = 0;
    std::size_t i = 0;
    for (; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && ++points == max)
            break; // text[i] starts the code point that "…" replaces
    }
    return text.substr(0, i) + "…";
}

std::string humanSize(std::int64_t bytes)
{
    static const char *kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024 && unit < 4) {
        value /= 1024;
        ++unit;
    }
    char buf[32];
    if (unit == 0)
        std::snprintf(buf, sizeof buf, "%lld B", static_cast<long long>(bytes));
    else
        std::snprintf(buf, sizeof buf, "%.1f %s", value, kUnits[unit]);
    return buf;
}

std::string numberText(double value)
{
    char buf[40];
    // %.17g always round-trips, but prefer the shortest precision that does.
    for (int precision = 6; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, value);
        if (std::strtod(buf, nullptr) == value)
            break;
    }
    return buf;
}

TextTable::TextTable(std::vector<std::string> headers)
    : m_headers(std::move(headers))
    , m_align(m_headers.size(), Align::Left)
{}

void TextTable::alignRight(std::size_t column)
{
    if (column < m_align.size())
        m_align[column] = Align::Right;
}

void TextTable::addRow(std::vector<std::string> cells)
{
    cells.resize(m_headers.size());
    for (auto &c : cells)
        c = cellText(c);
    m_rows.push_back(std::move(cells));
}

void TextTable::print(std::ostream &out, int indent) const
{
    std::vector<std::size_t> widths(m_headers.size());
    for (std::size_t c = 0; c < m_headers.size(); ++c) {
        widths[c] = displayWidth(m_headers[c]);
        for (const auto &row : m_rows)
            widths[c] = std::max(widths[c], displayWidth(row[c]));
    }
    auto line = [&](const std::vector<std::string> &cells) {
        pad(out, static_cast<std::size_t>(indent));
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const std::size_t fill = widths[c] - displayWidth(cells[c]);
            const bool last = c + 1 == cells.size();
            if (m_align[c] == Align::Right)
                pad(out, fill);
            out << cells[c];
            if (!last) {
                if (m_align[c] == Align::Left)
                    pad(out, fill);
                out << "  ";
            }
        }
        out << '\n';
    };
    line(m_headers);
    for (const auto &row : m_rows)
        line(row);
}

void FieldList::add(std::string key, std::string value)
{
    m_fields.emplace_back(std::move(key), cellText(value));
}

void FieldList::print(std::ostream &out, int indent) const
{
    std::size_t width = 0;
    for (const auto &f : m_fields)
        width = std::max(width, displayWidth(f.first));
    for (const auto &[key, value] : m_fields) {
        pad(out, static_cast<std::size_t>(indent));
        out << key << ':';
        pad(out, width - displayWidth(key) + 1);
        out << value << '\n';
    }
}

} // namespace mdeck::cli
