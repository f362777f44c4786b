package io.gatelist.lookup;

/**
 * A snapshot image checked completely and decoded into arrays ({@link SnapshotParser#parse}): what a
 * {@link PolicySnapshot} and its {@link Explainer} hold. It references nothing of the image.
 *
 * @param info        header fields and counters
 * @param sources     the source names, by source index
 * @param entries     one record per entry: line delta | prefix length
 * @param runFirst    the entry runs' first entry ids, ascending
 * @param runSource   the entry runs' source indexes
 * @param runBase     the entry runs' base lines
 * @param covers      pairs of range values (standard, dynamic) for ranges whose modes differ
 * @param countries   pairs of entry ids (approved, blocked) per country index, 0 for none
 * @param policy4     the IPv4 policy table
 * @param decisions4  the IPv4 policy table with neighbouring ranges of one kind joined (see
 *                    {@link Ipv4TableDecoder#joinKey})
 * @param policy6     the IPv6 policy table
 * @param geo4        the IPv4 IP-to-country table
 * @param geo6        the IPv6 IP-to-country table
 * @param globalHelos the Global Approved List's HELO strings
 */
record ParsedSnapshot(SnapshotInfo info, String[] sources, char[] entries, int[] runFirst, int[] runSource,
        int[] runBase, int[] covers, int[] countries, RangeTable4 policy4, RangeTable4 decisions4,
        RangeTable6 policy6, RangeTable4 geo4, RangeTable6 geo6, GlobalHelos globalHelos) {
}
