package io.gatelist.storage;

/** A packed block that cannot be decoded: wrong version, truncated, damaged, or values out of range. */
public final class MalformedBlockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedBlockException(String message) {
        super(message);
    }
}
