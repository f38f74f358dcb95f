package io.headpatch.ops.db;

import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.UserException;

/** The database cannot be reached, refuses us, or (embedded) cannot start here. */
public final class DatabaseUnavailableException extends UserException {

    public DatabaseUnavailableException(String message) {
        super(ExitCodes.DATABASE, message);
    }

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(ExitCodes.DATABASE, message, cause);
    }
}
