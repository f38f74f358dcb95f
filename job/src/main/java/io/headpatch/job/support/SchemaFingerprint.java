package io.headpatch.job.support;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 of the migrations on the classpath (names and bytes), recorded in the database once Flyway has applied
 * them: a database that holds the same fingerprint was brought up to date with exactly these files, so a command can
 * skip Flyway's scan and validation. Any other migration, a changed one included, changes it.
 */
public final class SchemaFingerprint {

    private static final String MIGRATIONS = "classpath*:db/migration/*.sql";
    private static final String SQLSTATE_UNDEFINED_TABLE = "42P01";
    private static final String RECORDED = "SELECT fingerprint FROM hp_schema_fingerprint";
    private static final String RECORD = """
            INSERT INTO hp_schema_fingerprint (fingerprint) VALUES (?)
            ON CONFLICT (singleton) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, recorded_at = LOCALTIMESTAMP""";

    private final String value;

    private SchemaFingerprint(String value) {
        this.value = value;
    }

    /** Of the migrations this build carries. */
    public static SchemaFingerprint ofClasspath() {
        try {
            Resource[] found = new PathMatchingResourcePatternResolver(SchemaFingerprint.class.getClassLoader())
                    .getResources(MIGRATIONS);
            List<Resource> migrations = Arrays.stream(found).sorted(Comparator.comparing(Resource::getFilename)).toList();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Resource migration : migrations) {
                digest.update(migration.getFilename().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                try (InputStream in = migration.getInputStream()) {
                    digest.update(in.readAllBytes());
                }
                digest.update((byte) 0);
            }
            return new SchemaFingerprint(HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the migrations: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the database was last brought up to date with these migrations (false before V14 made the table). */
    public boolean recordedIn(DataSource dataSource) {
        try {
            List<String> recorded = new JdbcTemplate(dataSource).queryForList(RECORDED, String.class);
            return recorded.contains(value);
        } catch (BadSqlGrammarException e) {
            if (SQLSTATE_UNDEFINED_TABLE.equals(e.getSQLException().getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** Records these migrations as applied; call only once Flyway has migrated the database with them. */
    public void recordIn(DataSource dataSource) {
        new JdbcTemplate(dataSource).update(RECORD, value);
    }

    @Override
    public String toString() {
        return value;
    }
}
