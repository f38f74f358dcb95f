package io.headpatch.ops.ui;

import io.headpatch.ops.ExitCodes;
import io.headpatch.ops.UserException;

/** A request the console's scope ({@link ConsoleScope}) does not allow: shown with HTTP 403, before anything runs. */
final class ConsoleRefusal extends UserException {

    private static final long serialVersionUID = 1L;

    ConsoleRefusal(String message) {
        super(ExitCodes.USAGE, message);
    }
}
