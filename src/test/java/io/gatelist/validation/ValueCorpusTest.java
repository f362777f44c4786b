package io.gatelist.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatelist.finding.Finding;
import io.gatelist.input.CsvRow;
import io.gatelist.policy.ListName;
import io.gatelist.policy.PolicyEntry;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@code validation/values.tsv}: a tricky value, the validator that judges it, the findings it must
 * produce (code and severity, in order) and the normalised value that is stored. The validators are the public
 * ones that policy rows and Global Approved List nominations both use.
 */
class ValueCorpusTest {

    static final String RESOURCE = "/validation/values.tsv";

    /** What a validator made of a value: its findings as {@code code:severity} and the stored value or "-". */
    record Judged(String findings, String stored) {
    }

    static Stream<Arguments> cases() throws IOException {
        return Corpus.read(RESOURCE).stream().map(line -> {
            List<String> c = line.cells();
            if (c.size() != 4) {
                throw new IllegalArgumentException(RESOURCE + " line " + line.number() + ": 4 cells expected, found "
                        + c.size());
            }
            return Arguments.of(Named.of("line " + line.number() + ": " + c.get(0) + " " + c.get(1), c.get(0)),
                    Corpus.text(c.get(1)), c.get(2), c.get(3).equals("-") ? "-" : Corpus.text(c.get(3)));
        });
    }

    @ParameterizedTest
    @MethodSource("cases")
    void eachValueGetsItsExpectedFindingsAndStoredForm(String validator, String input, String findings,
            String stored) {
        assertEquals(new Judged(findings, stored), judge(validator, input));
    }

    static Judged judge(String validator, String input) {
        return switch (validator) {
            case "ip" -> judged(IpRules.check("value", input, ValidationProfile.APPROVED), r -> canonical(r));
            case "ip-blocked" -> judged(IpRules.check("value", input, ValidationProfile.BLOCKED), r -> canonical(r));
            case "ip-nomination" -> judged(IpRules.check("ip", input, ValidationProfile.NOMINATION),
                    r -> canonical(r));
            case "address-nomination" -> judged(IpRules.checkAddress("ip", input, ValidationProfile.NOMINATION),
                    r -> canonical(r));
            case "country" -> judged(CountryRules.check("value", input), CountryRules.Result::code);
            case "domain" -> judged(DomainRules.check("domain", input), DomainRules.Result::name);
            case "helo" -> judged(HeloRules.check("helo", input, ValidationProfile.NOMINATION),
                    HeloRules.Result::helo);
            case "email" -> judged(EmailRules.check("contact", input), EmailRules.Result::address);
            case "row" -> row(input);
            default -> {
                if (validator.startsWith("helo@")) { // a HELO name checked against the nomination's address
                    HeloRules.Result helo = HeloRules.check("helo", input, ValidationProfile.NOMINATION);
                    IpRules.Result nominated = IpRules.checkAddress("ip", validator.substring(5),
                            ValidationProfile.NOMINATION);
                    List<Finding> findings = new ArrayList<>(helo.findings());
                    Finding mismatch = HeloRules.literalNotNominated("helo", helo, List.of(nominated.prefix()));
                    if (mismatch != null) {
                        findings.add(mismatch);
                    }
                    yield new Judged(codes(findings), helo.helo() == null ? "-" : helo.helo());
                }
                throw new IllegalArgumentException("unknown validator " + validator);
            }
        };
    }

    private static String canonical(IpRules.Result r) {
        return r.prefix() == null ? null : r.prefix().canonical();
    }

    private static <R extends Checked> Judged judged(R result, java.util.function.Function<R, String> stored) {
        String value = stored.apply(result);
        return new Judged(codes(result.findings()), value == null ? "-" : value);
    }

    static String codes(List<Finding> findings) {
        return findings.isEmpty() ? "-" : findings.stream().map(f -> f.code() + ":" + f.severity().id())
                .collect(Collectors.joining(","));
    }

    /** A policy row judged as the import job judges it (the lists' default profiles). */
    private static Judged row(String line) {
        List<String> cells;
        try {
            cells = CSVFormat.RFC4180.parse(new StringReader(line)).getRecords().get(0).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(line, e);
        }
        CsvRow row = new CsvRow(1, 2, List.of("list", "kind", "value", "comment"), cells, List.of());
        PolicyRowRules rules = new PolicyRowRules("corpus.csv",
                list -> list == ListName.APPROVED ? ValidationProfile.APPROVED : ValidationProfile.BLOCKED);
        PolicyRowRules.Outcome outcome = rules.check(row);
        List<Finding> findings = new ArrayList<>();
        outcome.findings().forEach(f -> findings.add(f.finding()));
        PolicyEntry entry = outcome.entry();
        return new Judged(codes(findings), entry == null ? "-" : entry.list().id() + " " + entry.value());
    }
}
