#pragma once

// The prediction log's storage. Predictions are kept in blocks
// (`prediction_blocks`): consecutive predictions of one deployment, version
// and role share a row. A block's rows are either in its `data`, a JSON
// array with one [time, request id, row, inputs, outputs, latency µs] array
// per prediction (what PredictionBlockWriter writes), or in a prediction
// segment file (core/store/prediction_segment.h), where a server's log
// appended them: the row then names the segment (`prediction_segments`),
// the segment block's offset and size, and `data` is empty. A segment block
// may hold rows of several keys; the block row's are those of its key, in
// order. Storing a prediction thus costs SQLite one insert per block, or
// only the block's position when the rows are in a segment.
//
// A prediction's id is its block's id times kMaxBlockRows plus its position
// in the block: ids grow in the order predictions were stored. Everything
// reads through forEachPrediction(), which skips whole blocks outside the
// asked time and id range, and parses the rest itself (checking a segment
// block's CRC); `mdeck predictions` shows and exports them.
//
// Call these inside a transaction of the database (a write one for the
// writer). Errors: those of Database, and Io for a segment file that cannot
// be read.

#include "core/store/database.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mdeck::store {

constexpr int kMaxBlockRows = 1024;

constexpr std::int64_t predictionId(std::int64_t blockId, int position)
{
    return blockId * kMaxBlockRows + position;
}

// One prediction. Written: text points at the caller's. Read: text points
// into the block being read, valid during the visit only.
struct PredictionEntry
{
    std::int64_t id = 0; // set when read
    std::int64_t timeMs = 0;
    std::string_view deployment;
    std::int64_t versionId = 0; // versions.id
    std::string_view role;      // stable, canary or shadow
    std::string_view requestId;
    int row = 0;              // the row's index within its request
    std::string_view inputs;  // JSON array of the raw feature values
    std::string_view outputs; // JSON array of the outputs
    std::int64_t latencyUs = 0;
    // Writing: the caller vouches that inputs and outputs are valid JSON
    // arrays of numbers and nulls (the server's codec checked them), so they
    // are only stripped of whitespace, not checked again.
    bool plainJson = false;
};

// Appends `text` without its bytes up to the space (whitespace and other
// control bytes): JSON that holds no strings, compacted. 16 bytes a step
// with SSSE3 where the processor has it.
void appendWithoutSpace(std::string &out, std::string_view text);

// Gathers predictions into blocks, one open block per (deployment, version,
// role), and inserts each when full or at flush(). Inputs and outputs are
// stored without whitespace; text that is not valid JSON is stored as a
// JSON string of itself, so one bad row never makes a block unreadable
// (unless its entry claims plainJson falsely: readers then refuse the block).
class PredictionBlockWriter
{
public:
    explicit PredictionBlockWriter(Database &db)
        : m_db(db)
    {}
    Result<void> add(const PredictionEntry &p);
    // Inserts the open blocks. Call before the transaction commits. The
    // writer may then gather the next transaction's rows, reusing its buffers.
    Result<void> flush();
    // Forgets the rows not yet inserted (after a failed transaction).
    void discard();

private:
    struct OpenBlock
    {
        std::string deployment, role;
        std::int64_t versionId = 0, firstMs = 0, lastMs = 0;
        int rows = 0;
        std::string data;
    };
    Result<void> insert(OpenBlock &block);

    Database &m_db;
    std::vector<OpenBlock> m_open;
};

struct PredictionFilter
{
    std::string deployment;                                         // empty: any
    std::int64_t versionId = 0;                                     // 0: any
    std::string role;                                               // empty: any
    std::int64_t fromMs = std::numeric_limits<std::int64_t>::min(); // time >= fromMs
    std::int64_t toMs = std::numeric_limits<std::int64_t>::max();   // time < toMs
    std::int64_t afterId = 0;                                       // id > afterId
    std::int64_t lastId = std::numeric_limits<std::int64_t>::max(); // id <= lastId
    bool newestFirst = false;                                       // by id, descending
};

// Visits the matching predictions by id (ascending, or descending with
// newestFirst) until `visit` returns false. A block whose data cannot be
// parsed, or whose segment bytes fail their CRC, fails with Integrity,
// naming it. `visit` may run other statements
// on `db`, but not another forEachPrediction.
Result<void> forEachPrediction(Database &db, const PredictionFilter &filter,
                               const std::function<bool(const PredictionEntry &)> &visit);

// Checks every prediction block: a segment block's bytes are in its file,
// whole, under their CRC, and hold the block's rows; a block's own data
// parses. Each bad block is one problem, naming it.
struct PredictionBlocksCheck
{
    std::int64_t blocksChecked = 0;
    std::vector<std::string> problems;
};
Result<PredictionBlocksCheck> checkPredictionBlocks(Database &db);

// Ground-truth labels by (request id, row), one lookup at a time, free when
// no label has been stored at all.
class FeedbackLookup
{
public:
    explicit FeedbackLookup(Database &db)
        : m_db(db)
    {}
    Result<std::optional<std::string>> label(std::string_view requestId, int row);

private:
    Database &m_db;
    std::optional<bool> m_any;
};

// True when `text` is one whole JSON value (RFC 8259), whitespace around it allowed.
bool isValidJson(std::string_view text);

} // namespace mdeck::store
