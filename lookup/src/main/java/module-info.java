/**
 * Gatelist's lookup: opens a compiled Approved/Blocked list snapshot and evaluates connecting addresses, with
 * nothing but the Java platform. {@link io.gatelist.lookup.PolicySnapshot} is the entry point.
 *
 * <p>{@code io.gatelist.lookup.format} holds the numbers of the file format, which the Gatelist application's
 * compiler writes; it is exported to that application's module only and is no part of the API.
 */
module io.gatelist.lookup {
    exports io.gatelist.lookup;
    exports io.gatelist.lookup.format to io.gatelist;
}
