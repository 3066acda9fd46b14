#pragma once

// JSON helpers around nlohmann::json: parse with an error that names the
// source and line, and typed field access that names the field on failure.

#include "core/base/result.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace mdeck {

using Json = nlohmann::json;

// Parses `text`; on failure the Error names `source`, the line and the column.
Result<Json> parseJson(std::string_view text, const std::string &source);

// Canonical, compact text: sorted keys (nlohmann's object is ordered), no spaces.
std::string canonicalJson(const Json &value);

} // namespace mdeck
