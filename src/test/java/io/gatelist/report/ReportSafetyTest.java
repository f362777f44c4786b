package io.gatelist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The two guards every report value passes through: HTML escaping and spreadsheet formula neutralisation. */
class ReportSafetyTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "<script>alert(1)</script>|&lt;script&gt;alert(1)&lt;/script&gt;",
        "\" onmouseover=\"alert(1)|&quot; onmouseover=&quot;alert(1)",
        "' onclick='x|&#39; onclick=&#39;x",
        "AT&T <b>|AT&amp;T &lt;b&gt;",
        "&lt;|&amp;lt;",
        "plain 192.0.2.1|plain 192.0.2.1",
    })
    void htmlEscapingKeepsAnyValueText(String value, String escaped) {
        assertEquals(escaped, Html.escape(value));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "=HYPERLINK(\"http://x\")|'=HYPERLINK(\"http://x\")",
        "+1.2.3.4|'+1.2.3.4",
        "-2+3|'-2+3",
        "@SUM(A1)|'@SUM(A1)",
        "192.0.2.1|192.0.2.1",
        "a=b|a=b",
        "'already|'already",
    })
    void formulaCellsAreNeutralised(String cell, String written) {
        assertEquals(written, CsvSafety.neutralise(cell));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\t=1+1", "\r=1+1"})
    void cellsStartingWithTabOrCarriageReturnAreNeutralised(String cell) {
        assertEquals("'" + cell, CsvSafety.neutralise(cell));
    }
}
