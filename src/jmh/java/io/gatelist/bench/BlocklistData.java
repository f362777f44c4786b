package io.gatelist.bench;

import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import io.gatelist.policy.IpPrefix;
import io.gatelist.snapshot.SnapshotBuilder;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Random;

/**
 * Random blocklist-like IPv4 lists, the mix of lookup-anchors.md: 60% /32, 20% /24, 10% /16-/23, 9% /25-/31,
 * 1% /8-/15. Deterministic for a seed, so every benchmark of a run sees the same entries.
 */
final class BlocklistData {

    final int[] address;
    final int[] length;

    BlocklistData(int entries, long seed) {
        Random r = new Random(seed);
        address = new int[entries];
        length = new int[entries];
        for (int i = 0; i < entries; i++) {
            int p = r.nextInt(100);
            int len = p < 60 ? 32 : p < 80 ? 24 : p < 90 ? 16 + r.nextInt(8) : p < 99 ? 25 + r.nextInt(7)
                    : 8 + r.nextInt(8);
            length[i] = len;
            address[i] = r.nextInt() & (-1 << (32 - len));
        }
    }

    IpPrefix prefix(int i) {
        return IpPrefix.ipv4(address[i], length[i]);
    }

    /** A snapshot with ~10% of the entries approved, the rest blocked. */
    PolicySnapshot snapshot() throws Exception {
        SnapshotBuilder b = new SnapshotBuilder(1, Instant.EPOCH);
        for (int i = 0; i < address.length; i++) {
            b.addIpEntry(i % 10 == 0 ? Step.APPROVED_IP : Step.BLOCKED_IP, prefix(i), "bench", i + 1);
        }
        ByteBuffer image = b.build();
        byte[] bytes = new byte[image.capacity()];
        image.get(0, bytes);
        return PolicySnapshot.fromBytes(bytes);
    }

    static int[] queries(int count, long seed) {
        Random r = new Random(seed);
        int[] q = new int[count];
        for (int i = 0; i < count; i++) {
            q[i] = r.nextInt();
        }
        return q;
    }
}
