package io.gatelist.lookup;

import java.io.IOException;

/** A snapshot file was refused: truncated, corrupt, of another format version or structurally invalid. */
public final class InvalidSnapshotException extends IOException {

    private static final long serialVersionUID = 1L;

    public InvalidSnapshotException(String message) {
        super(message);
    }
}
