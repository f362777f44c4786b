package io.gatelist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** rejected-rows.csv splits a rejected row's raw text into cells: the cells Commons CSV reads, with or without it. */
class RawRowCellsTest {

    @Test
    void rowsWithoutQuotesOrLineBreaksSplitAsTheParserReadsThem() throws IOException {
        for (String raw : List.of("", ",", ",,", "a", "a,b", "a,", ",a", " a , b ", "approved,ip,010.1.1.1,octal?",
                "=HYPERLINK(1),+x,-y,@z", "é,中文,🙂", "a;b\tc", "blocked,ip,<script>alert(1)</script>,x")) {
            assertEquals(parser(raw), RejectedRowsCsvWriter.parseRaw(raw), raw);
        }
    }

    @Test
    void rowsWithQuotesOrLineBreaksGoThroughTheParser() throws IOException {
        for (String raw : List.of("\"a,b\",c", "a,\"b\"\"c\"", "\"two\nlines\",x", "a,\"b")) {
            List<String> expected;
            try {
                expected = parser(raw);
            } catch (IOException | java.io.UncheckedIOException e) {
                expected = List.of(raw); // what the writer falls back to for a row the parser refuses
            }
            assertEquals(expected, RejectedRowsCsvWriter.parseRaw(raw), raw);
        }
    }

    private static List<String> parser(String raw) throws IOException {
        try (var p = CSVFormat.RFC4180.parse(new StringReader(raw))) {
            List<CSVRecord> records = p.getRecords();
            return records.isEmpty() ? List.of(raw) : records.get(0).toList();
        }
    }
}
