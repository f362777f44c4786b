package io.gatelist.storage;

import java.sql.SQLException;

/** A database operation failed; wraps the driver's exception. */
public final class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
