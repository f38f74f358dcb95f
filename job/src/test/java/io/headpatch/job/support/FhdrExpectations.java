package io.headpatch.job.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshots fhdr files and checks them after a job, computing the v1.3 header independently. */
public final class FhdrExpectations {

    private final Map<Path, byte[]> originals = new LinkedHashMap<>();

    public FhdrExpectations(List<Path> files) {
        try {
            for (Path file : files) {
                originals.put(file, Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FhdrExpectations(Map<Path, byte[]> originals) {
        this.originals.putAll(originals);
    }

    /** The same snapshots but those of {@code files}. */
    public FhdrExpectations without(Collection<Path> files) {
        Map<Path, byte[]> rest = new LinkedHashMap<>(originals);
        files.forEach(rest::remove);
        return new FhdrExpectations(rest);
    }

    public byte[] original(Path file) {
        return originals.get(file).clone();
    }

    public static byte[] v13Header(byte[] original, long jobTimestamp) {
        byte[] header = Arrays.copyOf(original, 64);
        ByteBuffer buffer = ByteBuffer.wrap(header);
        buffer.order(ByteOrder.BIG_ENDIAN).putShort(62, (short) 0x0103);
        buffer.order(ByteOrder.LITTLE_ENDIAN).putLong(8, jobTimestamp);
        CRC32C crc = new CRC32C();
        crc.update(header, 8, 56);
        buffer.order(ByteOrder.BIG_ENDIAN).putInt(4, (int) crc.getValue());
        return header;
    }

    /** Every file: header is v1.3 with this timestamp, body byte-identical, length unchanged. */
    public void assertAllPatched(long jobTimestamp) {
        try {
            for (Map.Entry<Path, byte[]> e : originals.entrySet()) {
                byte[] now = Files.readAllBytes(e.getKey());
                byte[] before = e.getValue();
                assertThat(now.length).as("length of %s", e.getKey()).isEqualTo(before.length);
                assertThat(Arrays.copyOf(now, 64)).as("header of %s", e.getKey()).isEqualTo(v13Header(before, jobTimestamp));
                assertThat(Arrays.copyOfRange(now, 64, now.length)).as("body of %s", e.getKey())
                        .isEqualTo(Arrays.copyOfRange(before, 64, before.length));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Every file byte-identical to its snapshot. */
    public void assertAllUnchanged() {
        try {
            for (Map.Entry<Path, byte[]> e : originals.entrySet()) {
                assertThat(Files.readAllBytes(e.getKey())).as("content of %s", e.getKey()).isEqualTo(e.getValue());
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public Map<Path, byte[]> originals() {
        return originals;
    }
}
