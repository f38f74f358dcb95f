package io.headpatch.ops.ui;

import javax.sql.DataSource;

/** The database the console shows and acts on, how to name it, and whether it is the embedded one it holds. */
record ConsoleDatabase(DataSource dataSource, String description, boolean embedded) {
}
