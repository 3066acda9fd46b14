#pragma once

// Internal to core/data: typed access to the fields of a JSON document (a
// profile, a preprocessor). The first problem is kept as an Error that names
// the field by its path, e.g. "columns[2].histogram.edges must be ...".

#include "core/common/json.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mdeck::data::detail {

class FieldReader
{
public:
    explicit FieldReader(const std::string &source)
        : m_source(source)
    {}

    const std::optional<Error> &error() const { return m_error; }
    bool fail(const std::string &path, const std::string &what)
    {
        if (!m_error)
            m_error = Error(ErrorCode::InvalidArgument, m_source + ": " + path + " " + what);
        return false;
    }
    const Json *member(const Json &object, const std::string &path, const char *key)
    {
        const auto it = object.find(key);
        if (it == object.end()) {
            fail(join(path, key), "is missing");
            return nullptr;
        }
        return &*it;
    }
    std::string text(const Json &object, const std::string &path, const char *key)
    {
        const Json *v = member(object, path, key);
        if (v && !v->is_string())
            fail(join(path, key), "must be a string");
        return v && v->is_string() ? v->get<std::string>() : std::string();
    }
    std::uint64_t count(const Json &value, const std::string &path)
    {
        if (!value.is_number_integer()
            || (!value.is_number_unsigned() && value.get<std::int64_t>() < 0)) {
            fail(path, "must be a non-negative integer");
            return 0;
        }
        return value.get<std::uint64_t>();
    }
    std::uint64_t count(const Json &object, const std::string &path, const char *key)
    {
        const Json *v = member(object, path, key);
        return v ? count(*v, join(path, key)) : 0;
    }
    double number(const Json &value, const std::string &path)
    {
        const double d = value.is_number() ? value.get<double>() : 0.0;
        if (!value.is_number() || !std::isfinite(d)) {
            fail(path, "must be a finite number");
            return 0.0;
        }
        return d;
    }
    double number(const Json &object, const std::string &path, const char *key)
    {
        const Json *v = member(object, path, key);
        return v ? number(*v, join(path, key)) : 0.0;
    }
    // A sorted (non-decreasing) array of numbers.
    std::vector<double> sortedNumbers(const Json &value, const std::string &path)
    {
        std::vector<double> out;
        if (!value.is_array()) {
            fail(path, "must be an array of numbers");
            return out;
        }
        out.reserve(value.size());
        for (std::size_t i = 0; i < value.size(); ++i) {
            out.push_back(number(value[i], path + "[" + std::to_string(i) + "]"));
            if (i > 0 && out[i] < out[i - 1])
                fail(path, "must be in increasing order");
        }
        return out;
    }
    static std::string join(const std::string &path, const char *key)
    {
        return path.empty() ? std::string(key) : path + "." + key;
    }

private:
    const std::string &m_source;
    std::optional<Error> m_error;
};

} // namespace mdeck::data::detail
