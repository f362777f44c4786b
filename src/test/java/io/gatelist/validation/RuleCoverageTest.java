package io.gatelist.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatelist.finding.Rule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every rule Gatelist can report has a case in a corpus, so a new rule cannot arrive without one. */
class RuleCoverageTest {

    /**
     * Codes tested elsewhere: the RIR file codes ({@code geo-*}) by DelegatedStatsTest, duplicate rows (which need
     * the whole file) by ImportReportTest, and csv-malformed, the safety net for a parser failure that the byte scan
     * did not foresee (no known file reaches it: the scan stops reading before every problem the parser has);
     * the nomination row codes by NominationRowRulesTest; feed-line-malformed by FeedImportJobTest, and
     * feed-header-missing, a safety net like csv-malformed (a feed is read as CSV only when detection saw its header).
     */
    static final Set<String> ELSEWHERE = Set.of("duplicate-row", "csv-malformed", "company-type-unknown",
            "contact-missing", "value-too-long", "feed-line-malformed", "feed-header-missing");

    @Test
    void everyRuleCodeHasACorpusCase() throws IOException {
        StringBuilder expected = new StringBuilder();
        for (Corpus.Line line : Corpus.read(ValueCorpusTest.RESOURCE)) {
            expected.append(line.cells().get(2)).append(',');
        }
        for (Corpus.Line line : Corpus.read(FileCorpusTest.RESOURCE)) {
            expected.append(line.cells().get(0)).append(',');
        }
        List<String> missing = new ArrayList<>();
        for (Rule rule : Rule.values()) {
            String code = rule.code();
            boolean covered = expected.indexOf(code + ":") == 0 || expected.indexOf("," + code + ":") >= 0;
            if (!covered && !code.startsWith("geo-") && !ELSEWHERE.contains(code)) {
                missing.add(code);
            }
        }
        assertEquals(List.of(), missing, "rules without a corpus case");
    }

    @Test
    void codesAreStableKebabCaseAndUnique() {
        Set<String> seen = new java.util.HashSet<>();
        for (Rule rule : Rule.values()) {
            assertEquals(true, rule.code().matches("[a-z0-9]+(-[a-z0-9]+)*"), rule.code());
            assertEquals(true, seen.add(rule.code()), "duplicate code " + rule.code());
            assertEquals(rule, Rule.ofCode(rule.code()));
        }
    }
}
