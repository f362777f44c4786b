package io.gatelist.gal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatelist.home.ApplianceHome;
import io.gatelist.input.ImportKind;
import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import io.gatelist.policy.PolicyEntry;
import io.gatelist.storage.Database;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.ImportStore;
import io.gatelist.storage.SourceVersions;
import io.gatelist.storage.StagedRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The investigation's look at the customer's own live lists: the IP entries that contain a nominated address and
 * the country entries, each named with its source and line; the Blocked list wins for a country on both.
 */
class ListInvestigationTest {

    @TempDir
    Path dir;

    private static final Nomination.Mta MTA = new Nomination.Mta(IpPrefix.ipv4(0x7B7B7B0A, 32),
            "mx1.example-sender.net", "example-sender.net", "Example Sender Ltd", "NZ", CompanyType.ESP, 0);

    private static StagedRow row(int record, PolicyEntry e) {
        return new StagedRow(record, e.line(), e, List.of(), null, null, false);
    }

    private static void live(Database db, String source, List<StagedRow> rows) {
        long id = new ImportStore(db).create(ImportKind.POLICY, source, source, Path.of(source), "0".repeat(64), 0);
        db.inTransaction(c -> {
            EntryStore.write(c, id, rows, false);
            return SourceVersions.activate(c, id, source);
        });
    }

    @Test
    void liveEntriesContainingTheAddressAndItsCountryAreNamedWithSourceAndLine() throws Exception {
        ApplianceHome home = ApplianceHome.open(dir.resolve("home"));
        try (Database db = Database.open(home)) {
            live(db, "a.csv", List.of(
                    row(1, new PolicyEntry(ListName.APPROVED, EntryKind.COUNTRY, null, "NZ", null, 2, null)),
                    row(2, new PolicyEntry(ListName.BLOCKED, EntryKind.IP, IpPrefix.ipv4(0x7B7B0000, 16), null, null,
                            3, "wide")),
                    row(4, new PolicyEntry(ListName.APPROVED, EntryKind.IP, IpPrefix.ipv4(0x0A000000, 8), null,
                            null, 5, null))));
            live(db, "b.csv", List.of(
                    row(1, new PolicyEntry(ListName.APPROVED, EntryKind.IP, IpPrefix.ipv4(0x7B7B7B0A, 32), null,
                            null, 2, null)),
                    row(3, new PolicyEntry(ListName.BLOCKED, EntryKind.COUNTRY, null, "NZ", null, 7, null))));

            List<Nomination.Check> checks = db.withConnection(c -> Investigation.configured(home)
                    .investigate(c, 1, List.of(MTA), List.of()));
            List<String> found = new ArrayList<>();
            for (Nomination.Check k : checks) {
                if (k.code().startsWith("in-") || k.code().equals("not-blocked") || k.code().equals("country-blocked")) {
                    found.add(k.code() + ": " + k.message());
                }
            }
            assertEquals(List.of(
                    "in-blocked-list: 123.123.123.10 is on the Blocked list: blocked 123.123.0.0/16 (a.csv line 3)",
                    "in-approved-list: 123.123.123.10 is already on the customer's own Approved list: approved "
                            + "123.123.123.10 (b.csv line 2)",
                    "country-blocked: country NZ is on the Blocked list: blocked NZ (b.csv line 7)"), found);
        }
    }
}
