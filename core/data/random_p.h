#pragma once

// Internal to core/data: seeded randomness that gives the same numbers with
// every standard library. std::shuffle and std::uniform_int_distribution are
// implementation-defined, so splits and samples use these instead.

#include <cstddef>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace mdeck::data::detail {

// Uniform in [0, n), without modulo bias (Lemire's multiply-and-reject).
inline std::uint64_t uniformBelow(std::mt19937_64 &rng, std::uint64_t n)
{
    unsigned __int128 m = static_cast<unsigned __int128>(rng()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
        const std::uint64_t threshold = (0 - n) % n;
        while (low < threshold) {
            m = static_cast<unsigned __int128>(rng()) * n;
            low = static_cast<std::uint64_t>(m);
        }
    }
    return static_cast<std::uint64_t>(m >> 64);
}

// Fisher–Yates, from the back.
template<typename T>
void shuffle(std::vector<T> &items, std::mt19937_64 &rng)
{
    for (std::size_t i = items.size(); i > 1; --i) {
        const auto j = static_cast<std::size_t>(uniformBelow(rng, i));
        std::swap(items[i - 1], items[j]);
    }
}

} // namespace mdeck::data::detail
