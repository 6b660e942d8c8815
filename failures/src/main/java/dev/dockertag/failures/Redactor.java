package dev.dockertag.failures;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes configured secrets from text on its way to a log, in every shape a secret takes on its way out of a
 * registry's answer or our own messages: whole; flattened onto one line (a failure report joins a message's lines with
 * spaces); each of its lines of 4 characters or more; JSON-escaped; URL-encoded; base64 (standard and URL-safe, with
 * and without padding), alone and as the Basic credential {@code user:secret}. Longer forms are replaced first, so that
 * no part of one is left behind by a shorter one. Thread-safe.
 */
public final class Redactor {

    /** What a secret becomes. */
    public static final String MASK = "****";

    /** A line of a secret shorter than this is left alone: it would take ordinary words with it. */
    static final int SHORTEST_FRAGMENT = 4;

    private static final Redactor PROCESS = new Redactor();

    private volatile List<String> forms = List.of();

    /**
     * The secrets of this process: a command-line tool registers each secret it reads here, and wraps its stdout and
     * stderr in a {@link RedactingWriter} over it.
     */
    public static Redactor process() {
        return PROCESS;
    }

    /** Never shows {@code secret} (null or empty: nothing to hide). */
    public void add(String secret) {
        addBasic(null, secret);
    }

    /** Never shows {@code secret}, nor the Basic credential {@code username:secret} in any of its encodings. */
    public synchronized void addBasic(String username, String secret) {
        if (secret == null || secret.isEmpty()) {
            return;
        }
        Set<String> all = new LinkedHashSet<>(forms);
        all.addAll(formsOf(secret));
        if (username != null) {
            all.addAll(encodings(username + ":" + secret));
        }
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        forms = List.copyOf(sorted);
    }

    /** {@code text} with every form of every secret replaced by {@link #MASK}. */
    public String redact(String text) {
        String out = text;
        for (String form : forms) {
            out = out.replace(form, MASK);
        }
        return out;
    }

    private static Set<String> formsOf(String secret) {
        Set<String> forms = new LinkedHashSet<>(encodings(secret));
        forms.add(secret.replaceAll("\r\n|\r|\n", " "));
        for (String line : secret.split("\r\n|\r|\n")) {
            if (line.length() >= SHORTEST_FRAGMENT) {
                forms.addAll(encodings(line));
                forms.add(line.strip());
            }
        }
        forms.removeIf(f -> f.length() < SHORTEST_FRAGMENT);
        return forms;
    }

    /** The text itself, JSON-escaped, URL-encoded and base64-encoded. */
    private static Set<String> encodings(String text) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(text);
        forms.add(jsonEscaped(text));
        forms.add(goJsonEscaped(text));
        String url = URLEncoder.encode(text, StandardCharsets.UTF_8);
        forms.add(url);
        forms.add(url.replace("+", "%20"));
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String standard = Base64.getEncoder().encodeToString(bytes);
        String urlSafe = Base64.getUrlEncoder().encodeToString(bytes);
        forms.add(standard);
        forms.add(urlSafe);
        forms.add(standard.replace("=", ""));
        forms.add(urlSafe.replace("=", ""));
        return forms;
    }

    /** As Go's encoding/json writes it by default: also {@code <}, {@code >} and {@code &} as {@code \\u003c}... */
    static String goJsonEscaped(String text) {
        return jsonEscaped(text)
                .replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }

    /** As a JSON string's content is written (RFC 8259): quotes, backslashes and control characters escaped. */
    static String jsonEscaped(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
