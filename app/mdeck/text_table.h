#pragma once

// An aligned plain-text table for human output: a header row, then rows whose
// columns are padded to the widest cell. Widths count UTF-8 code points, and
// control characters in cells are shown as spaces so a value cannot break the
// layout. Not thread-safe; errors: none.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace mdeck::cli {

class TextTable
{
public:
    enum class Align { Left, Right };

    explicit TextTable(std::vector<std::string> headers);

    // Right-aligns a column (numbers); columns are left-aligned by default.
    void alignRight(std::size_t column);
    void addRow(std::vector<std::string> cells);
    bool empty() const { return m_rows.empty(); }

    void print(std::ostream &out, int indent = 0) const;

private:
    std::vector<std::string> m_headers;
    std::vector<Align> m_align;
    std::vector<std::vector<std::string>> m_rows;
};

// "key: value" lines with the keys padded to the longest one.
class FieldList
{
public:
    void add(std::string key, std::string value);
    void print(std::ostream &out, int indent = 0) const;

private:
    std::vector<std::pair<std::string, std::string>> m_fields;
};

// Cell text: control characters become spaces.
std::string cellText(const std::string &text);
// At most `max` code points of `text`, ending in "…" when cut.
std::string clip(const std::string &text, std::size_t max);
// 1234567 -> "1.2 MiB"
std::string humanSize(std::int64_t bytes);
// Shortest round-trip text of a metric value.
std::string numberText(double value);

} // namespace mdeck::cli
