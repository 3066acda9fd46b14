#include "../test_support.h"

#include "core/common/files.h"
#include "core/common/sha256.h"
#include "core/data/csv_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QTemporaryDir>

#include <thread>

using namespace mdeck;
using namespace mdeck::data;

namespace {

bool writeAll(int fd, std::string_view data)
{
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n <= 0)
            return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

} // namespace

class tst_CsvStream : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::string writeTemp(const char *name, std::string_view content)
    {
        const std::string path = m_dir.path().toStdString() + "/" + name;
        if (!writeFileAtomic(path, content))
            qFatal("cannot write %s", path.c_str());
        return path;
    }

private Q_SLOTS:
    // 50 MB pushed through a named pipe by a writer thread: the reader can
    // neither map it nor know its size, and its buffer never grows.
    void streamsFiftyMegabytesThroughAPipe()
    {
        const std::string path = m_dir.path().toStdString() + "/pipe.csv";
        QCOMPARE(::mkfifo(path.c_str(), 0600), 0);
        constexpr std::uint64_t kTarget = 50u << 20;
        Sha256 writerHash;
        std::uint64_t written = 0, writerRows = 0;
        double writerSum = 0;
        std::thread writer([&] {
            const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
            if (fd < 0)
                return;
            std::string chunk = "\xef\xbb\xbf"
                                "id,x,label,note\n";
            // Odd chunk sizes, so records straddle the reader's buffer.
            while (written < kTarget) {
                while (chunk.size() < 10007) {
                    const double x = static_cast<double>(writerRows % 1000) * 0.25;
                    chunk += std::to_string(writerRows) + "," + std::to_string(x) + ",l"
                        + std::to_string(writerRows % 13)
                        + (writerRows % 97 == 0 ? ",\"a, \"\"quoted\"\"\nnote\"\n" : ",\n");
                    writerSum += x;
                    ++writerRows;
                }
                writerHash.update(chunk);
                if (!writeAll(fd, chunk))
                    break;
                written += chunk.size();
                chunk.clear();
            }
            ::close(fd);
        });
        auto reader = CsvStreamReader::open(path);
        if (!reader) {
            writer.join();
            QFAIL(reader.error().message.c_str());
        }
        QCOMPARE(reader->header(), (std::vector<std::string>{"id", "x", "label", "note"}));
        QCOMPARE(reader->totalBytes(), std::uint64_t(0)); // a pipe has no size
        std::vector<std::string_view> fields;
        std::uint64_t rows = 0;
        double sum = 0;
        bool bufferFixed = true, valuesRight = true;
        std::size_t largestRecord = 0;
        for (;;) {
            auto more = reader->next(fields);
            if (!more || !*more) {
                if (!more)
                    qWarning("%s", more.error().message.c_str());
                QVERIFY(more.ok());
                break;
            }
            bufferFixed = bufferFixed && reader->bufferCapacity() == CsvStreamReader::kBufferBytes;
            largestRecord = std::max(largestRecord, reader->recordCapacity());
            valuesRight = valuesRight && fields[0] == std::to_string(rows)
                && fields[3] == (rows % 97 == 0 ? "a, \"quoted\"\nnote" : "");
            sum += parseNumber(fields[1]).value_or(-1e9);
            ++rows;
        }
        writer.join();
        QVERIFY(written >= kTarget);
        QVERIFY(bufferFixed);
        QVERIFY(valuesRight);
        QVERIFY2(largestRecord <= 1024, std::to_string(largestRecord).c_str());
        QCOMPARE(rows, writerRows);
        QCOMPARE(sum, writerSum);
        QCOMPARE(reader->bytesRead(), written);
        QCOMPARE(reader->sha256(), writerHash.hexDigest());
    }

    void longRecordGrowsOnlyTheRecord()
    {
        std::string big(600000, 'x');
        for (std::size_t i = 0; i < big.size(); i += 1000)
            big[i] = '\n';
        big[500] = '"';
        std::string text = "a,b\n\"";
        for (const char c : big)
            text += c == '"' ? std::string("\"\"") : std::string(1, c);
        text += "\",2\n3,4\n";
        const std::string path = writeTemp("long.csv", text);
        auto reader = CsvStreamReader::open(path);
        MDECK_VERIFY_OK(reader);
        std::vector<std::string_view> fields;
        auto more = reader->next(fields);
        MDECK_VERIFY_OK(more);
        QVERIFY(*more);
        QCOMPARE(fields[0].size(), big.size());
        QVERIFY(fields[0] == big);
        QCOMPARE(fields[1], std::string_view("2"));
        QCOMPARE(reader->recordLine(), std::uint64_t(2));
        QCOMPARE(reader->bufferCapacity(), CsvStreamReader::kBufferBytes);
        QVERIFY(reader->recordCapacity() >= big.size());
        more = reader->next(fields);
        MDECK_VERIFY_OK(more);
        // Line 2, 600 line ends inside the field, and the record's own.
        QCOMPARE(reader->recordLine(), std::uint64_t(2 + 600 + 1));
        QCOMPARE(fields[0], std::string_view("3"));
        QCOMPARE(reader->totalBytes(), std::uint64_t(text.size()));
    }

    void errorsAreSticky()
    {
        const std::string path = writeTemp("ragged.csv", "a,b\n1,2\n3\n4,5\n");
        auto reader = CsvStreamReader::open(path);
        MDECK_VERIFY_OK(reader);
        std::vector<std::string_view> fields;
        MDECK_VERIFY_OK(reader->next(fields));
        auto bad = reader->next(fields);
        QVERIFY(!bad);
        QCOMPARE(bad.error().line, 3);
        auto again = reader->next(fields);
        QVERIFY(!again);
        QCOMPARE(again.error().message, bad.error().message);
    }

    void hashCoversTheWholeFile()
    {
        const std::string text = "\xef\xbb\xbf"
                                 "a\r\n1\r\n";
        const std::string path = writeTemp("hash.csv", text);
        auto reader = CsvStreamReader::open(path);
        MDECK_VERIFY_OK(reader);
        QCOMPARE(reader->path(), path);
        std::vector<std::string_view> fields;
        while (reader->next(fields).value()) {
        }
        QCOMPARE(reader->sha256(), Sha256::hex(text));
        QCOMPARE(reader->sha256(), Sha256::hex(text)); // asking twice is fine
        QCOMPARE(reader->bytesRead(), std::uint64_t(text.size()));
    }

    void movedReaderKeepsReading()
    {
        const std::string path = writeTemp("move.csv", "a\n1\n2\n");
        auto opened = CsvStreamReader::open(path);
        MDECK_VERIFY_OK(opened);
        CsvStreamReader reader = std::move(*opened);
        std::vector<std::string_view> fields;
        QVERIFY(reader.next(fields).value());
        QCOMPARE(fields[0], std::string_view("1"));
        QVERIFY(reader.next(fields).value());
        QVERIFY(!reader.next(fields).value());
    }
};

QTEST_GUILESS_MAIN(tst_CsvStream)
#include "tst_csv_stream.moc"
