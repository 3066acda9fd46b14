#pragma once

// Sorting and counting for large windows: an LSD radix sort of doubles
// (NaN-free input; -0.0 sorts before +0.0) and bin counting against fixed
// edges with a branch-free search. Pure functions; callable from any thread.

#include <cstdint>
#include <span>
#include <vector>

namespace mdeck::monitor {

// Sorts `values` ascending; O(n) time, n extra words of memory. The second
// form takes that buffer from the caller, who may keep it between windows.
void radixSort(std::vector<double> &values);
void radixSort(std::vector<double> &values, std::vector<std::uint64_t> &scratch);

// counts[k] += number of values in bin k, where bin k is [edges[k], edges[k+1])
// (the last bin closed) and values outside [edges.front(), edges.back()] go to
// the first or last bin. `counts` has edges.size() − 1 entries.
void countIntoBins(std::span<const double> edges, std::span<const double> values,
                   std::span<std::uint64_t> counts);

} // namespace mdeck::monitor
