package io.headpatch.worker.spec;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Turns a literal of a field ({@code value:}, {@code bytes:} or a bound parameter) into the bytes its type stands for. */
final class LiteralEncoder {

    private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2})+");

    private final SpecNodes nodes;

    LiteralEncoder(SpecNodes nodes) {
        this.nodes = nodes;
    }

    /** The bytes a literal stands for; {@code shown} is how the message refers to it, e.g. "value=300". */
    byte[] encode(Node valueNode, String label, FieldType type, Map<String, Node> keys, String text, String shown)
            throws SpecException {
        if (type == FieldType.BYTES) {
            if (!HEX.matcher(text).matches()) {
                throw nodes.error(valueNode, label, shown + " is not hex (an even number of hex digits)");
            }
            return HexFormat.of().parseHex(text);
        }
        if (type == FieldType.ASCII) {
            return ascii(valueNode, label, keys, text, shown);
        }
        BigInteger value = SpecNodes.parseInteger(text);
        if (value == null) {
            throw nodes.error(valueNode, label, shown + " is not an integer (decimal or 0x hex)");
        }
        if (!type.fits(value)) {
            throw nodes.error(valueNode, label, shown + " does not fit " + type);
        }
        byte[] bytes = new byte[type.width()];
        type.write(value.longValue(), bytes, 0);
        return bytes;
    }

    /** Text padded to {@code length:} with NUL, or with {@code pad:}; too long is refused, never cut. */
    private byte[] ascii(Node valueNode, String label, Map<String, Node> keys, String text, String shown)
            throws SpecException {
        Node lengthNode = keys.get("length");
        if (lengthNode == null) {
            throw nodes.error(valueNode, label, "type ascii needs length");
        }
        int length = nodes.integer(lengthNode, label, "length");
        if (length <= 0) {
            throw nodes.error(lengthNode, label, "length=" + length + " must be positive");
        }
        char pad = '\0';
        if (keys.containsKey("pad")) {
            String padText = nodes.text(keys.get("pad"), label);
            if (padText.length() != 1 || padText.charAt(0) > 0x7f) {
                throw nodes.error(keys.get("pad"), label, "pad=\"" + padText + "\" must be one ASCII character");
            }
            pad = padText.charAt(0);
        }
        if (!text.chars().allMatch(c -> c <= 0x7f)) {
            throw nodes.error(valueNode, label, shown + " is not ASCII");
        }
        if (text.length() > length) {
            throw nodes.error(valueNode, label, shown + " has " + text.length() + " characters, more than length=" + length);
        }
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) pad);
        byte[] textBytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(textBytes, 0, bytes, 0, textBytes.length);
        return bytes;
    }
}
