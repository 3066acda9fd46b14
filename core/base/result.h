#pragma once

// Result<T>: the value of an operation that can fail in an expected way, or
// an Error that says why in one English sentence. GCC 12 has no
// std::expected, so this is a small in-repo equivalent.

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace mdeck {

enum class ErrorCode {
    InvalidArgument, // malformed input: a name, a file, a field
    NotFound,
    Conflict, // already exists, or the state forbids it
    PermissionDenied,
    Unauthenticated,
    Integrity,   // hash mismatch, broken chain, corrupt file
    Unsupported, // e.g. a workspace from a newer ModelDeck
    Io,
    Internal,
    Cancelled,
};

const char *errorCodeName(ErrorCode code);

struct Error
{
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    int line = 0; // 1-based line of the offending input, 0 when none applies

    Error() = default;
    Error(ErrorCode c, std::string m, int l = 0)
        : code(c)
        , message(std::move(m))
        , line(l)
    {}
};

template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_v(std::in_place_index<0>, std::move(value))
    {}
    Result(Error error)
        : m_v(std::in_place_index<1>, std::move(error))
    {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() &
    {
        assert(ok());
        return std::get<0>(m_v);
    }
    const T &value() const &
    {
        assert(ok());
        return std::get<0>(m_v);
    }
    T &&value() &&
    {
        assert(ok());
        return std::get<0>(std::move(m_v));
    }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T &&operator*() && { return std::move(*this).value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const
    {
        assert(!ok());
        return std::get<1>(m_v);
    }

private:
    std::variant<T, Error> m_v;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const
    {
        assert(!ok());
        return *m_error;
    }

private:
    std::optional<Error> m_error;
};

inline Result<void> success()
{
    return {};
}

inline const char *errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument:
        return "invalid-argument";
    case ErrorCode::NotFound:
        return "not-found";
    case ErrorCode::Conflict:
        return "conflict";
    case ErrorCode::PermissionDenied:
        return "permission-denied";
    case ErrorCode::Unauthenticated:
        return "unauthenticated";
    case ErrorCode::Integrity:
        return "integrity";
    case ErrorCode::Unsupported:
        return "unsupported";
    case ErrorCode::Io:
        return "io";
    case ErrorCode::Internal:
        return "internal";
    case ErrorCode::Cancelled:
        return "cancelled";
    }
    return "internal";
}

} // namespace mdeck

// Propagates the error of a Result-returning expression.
#define MDECK_TRY(expr) \
    do { \
        if (auto mdeck_try_result_ = (expr); !mdeck_try_result_) \
            return mdeck_try_result_.error(); \
    } while (false)

#define MDECK_ASSERT(cond) assert(cond)
