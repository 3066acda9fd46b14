#pragma once

// Parsing of the values `mdeck` takes on its command line: key=value lists,
// metric values, version references and signature files. Each refusal is an
// InvalidArgument Error that names the option or file and the offending part.
// Pure functions.

#include "core/base/result.h"
#include "core/base/signature.h"

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mdeck::cli {

// A finite number written in full ("0.93", "1e-3"), nothing after it.
Result<double> parseFiniteNumber(std::string_view text, std::string_view what);

// A point in time given as a date ("2015-03-01", "2015-03-01T10:00:00",
// UTC) or Unix milliseconds (ten digits or more); "" is 0 (open). `what`
// names the option.
Result<std::int64_t> parseTimeArgument(const std::string &text, const char *what);
// --from and --to, as parseTimeArgument() reads each.
Result<std::pair<std::int64_t, std::int64_t>> parseTimeRange(const std::string &from,
                                                             const std::string &to);

// {"k=v", ...} -> map; `what` ("tag") names the option in messages; a key may appear once.
Result<std::map<std::string, std::string>> parseKeyValues(const std::vector<std::string> &items,
                                                          std::string_view what);
// {"accuracy=0.93", ...} -> map; every value must be a finite number.
Result<std::map<std::string, double>> parseMetrics(const std::vector<std::string> &items);

// A reference to a model or one of its versions: "iris", "iris:3", "iris:latest",
// "iris@champion" or "iris:@champion". `reference` is "" for the bare model,
// and "@alias" for an alias.
struct VersionReference
{
    std::string model;
    std::string reference;
};
Result<VersionReference> parseVersionReference(std::string_view text);

// Reads and checks a signature file (at most 8 MiB); errors name the file and the field.
Result<Signature> loadSignatureFile(const std::string &path);

} // namespace mdeck::cli
