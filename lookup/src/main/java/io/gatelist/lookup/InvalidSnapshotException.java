package io.gatelist.lookup;

import java.io.IOException;

/** A snapshot file was refused: truncated, corrupt, of another format version or structurally invalid. */
public final class InvalidSnapshotException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * A refusal; the reader's messages start with {@code invalid snapshot:} and say what is wrong and where.
     *
     * @param message what is wrong with the file
     */
    public InvalidSnapshotException(String message) {
        super(message);
    }
}
