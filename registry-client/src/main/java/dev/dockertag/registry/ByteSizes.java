package dev.dockertag.registry;

import java.util.Locale;

/** A number of bytes as people read it: {@code 512 B}, {@code 297.9 KiB}, {@code 1.4 MiB}, {@code 2.10 GiB}. */
public final class ByteSizes {

    private ByteSizes() {}

    public static String of(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
