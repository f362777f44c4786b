package io.gatelist.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The hash of an audit record: SHA-256 over its fields, each written as its length in bytes, a colon and its UTF-8
 * bytes (a missing reason as {@code -}), so that no two different records encode alike; the last field is the
 * previous record's hash. A record's values are hashed apart, one {@code change TAB list TAB value LF} line each in
 * order, and that hash is one of its fields.
 */
final class ChainHash {

    private ChainHash() {
    }

    static String of(long seq, long atMillis, String actor, String action, String subject, String reason,
            String detail, int valueCount, String valuesHash, String previousHash) {
        MessageDigest d = newDigest();
        field(d, Long.toString(seq));
        field(d, Long.toString(atMillis));
        field(d, actor);
        field(d, action);
        field(d, subject);
        if (reason == null) {
            d.update((byte) '-');
        } else {
            field(d, reason);
        }
        field(d, detail);
        field(d, Integer.toString(valueCount));
        field(d, valuesHash);
        field(d, previousHash);
        return HexFormat.of().formatHex(d.digest());
    }

    static void addValue(MessageDigest digest, char change, String list, String value) {
        digest.update((change + "\t" + list + "\t" + value + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static MessageDigest newDigest() {
        return AuditTrail.sha256();
    }

    private static void field(MessageDigest d, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        d.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        d.update(bytes);
    }
}
