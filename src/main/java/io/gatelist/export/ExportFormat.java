package io.gatelist.export;

/** The export formats, by the name the command line uses. */
public enum ExportFormat {
    /** A Postfix {@code cidr:} access table: approved → OK, blocked → REJECT with the reason. */
    POSTFIX_CIDR("postfix-cidr", new PostfixCidrExporter()),
    /** An rbldnsd combined dataset (ip4trie and ip6trie) answering like Gatelist's r zone. */
    RBLDNSD("rbldnsd", new RbldnsdExporter()),
    /** nftables interval sets of blocked and approved addresses, to include inside a table. */
    NFT("nft", new NftExporter());

    private final String id;
    private final Exporter exporter;

    ExportFormat(String id, Exporter exporter) {
        this.id = id;
        this.exporter = exporter;
    }

    /** The command-line name. */
    public String id() {
        return id;
    }

    public Exporter exporter() {
        return exporter;
    }

    /** The command-line name, by which the command line also reads the format. */
    @Override
    public String toString() {
        return id;
    }
}
