package io.gatelist.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The primitive table against a plain map of the same keys, through growth and with many repeats. */
class FirstOccurrencesTest {

    private record Key(ListName list, EntryKind kind, IpPrefix prefix, String country) {
    }

    @Test
    void agreesWithAMap() {
        for (int expected : new int[] {0, 10, 100_000}) {
            Random r = new Random(expected);
            FirstOccurrences table = new FirstOccurrences(expected);
            Map<Key, Long> map = new HashMap<>();
            for (int i = 1; i <= 60_000; i++) {
                ListName list = r.nextBoolean() ? ListName.APPROVED : ListName.BLOCKED;
                Key key = switch (r.nextInt(4)) {
                    case 0 -> new Key(list, EntryKind.IP, IpPrefix.ipv4(r.nextInt(5000) << 8, 24 + r.nextInt(2) * 8),
                            null);
                    case 1 -> new Key(list, EntryKind.IP, IpPrefix.ipv6((long) r.nextInt(3000) << 16, 0, 48), null);
                    case 2 -> new Key(list, EntryKind.IP, IpPrefix.ipv6(0, r.nextInt(3000), 128), null);
                    default -> new Key(list, EntryKind.COUNTRY, null, "" + (char) ('A' + r.nextInt(26))
                            + (char) ('A' + r.nextInt(26)));
                };
                long occurrence = ((long) i << 32) | (i + 1);
                Long before = map.putIfAbsent(key, occurrence);
                long found = table.putIfAbsent(key.list(), key.kind(), key.prefix(), key.country(), i, i + 1);
                assertEquals(before == null ? FirstOccurrences.ABSENT : before, found, key.toString());
                if (before != null) {
                    assertEquals(FirstOccurrences.recordOf(before), FirstOccurrences.recordOf(found));
                    assertEquals(FirstOccurrences.lineOf(before), FirstOccurrences.lineOf(found));
                }
            }
            assertEquals(map.size(), table.size());
        }
    }
}
