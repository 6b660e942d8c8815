package dev.dockertag.registry.rootfs;

/**
 * A layer that would write outside the root filesystem (an absolute path, {@code ..}, or a path through a symlink
 * pointing outside), or that cannot be applied at all. Nothing outside the root is touched before this is thrown.
 */
public class LayerRejectedException extends RuntimeException {

    public LayerRejectedException(String message) {
        super(message);
    }

    public LayerRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
