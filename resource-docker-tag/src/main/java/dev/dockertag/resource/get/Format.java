package dev.dockertag.resource.get;

import dev.dockertag.failures.HintedException;

/** {@code params.format} of a get. */
public enum Format {
    /** {@code rootfs/} plus {@code metadata.json}: what Concourse runs a task in. */
    ROOTFS("rootfs"),
    /** {@code oci/}: an OCI image layout of the whole image (every platform). */
    OCI_LAYOUT("oci-layout"),
    /** {@code image.tar}: a {@code docker save} tarball of the platform's image. */
    OCI("oci");

    private final String key;

    Format(String key) {
        this.key = key;
    }

    public static Format parse(String value) {
        if (value == null) {
            return ROOTFS;
        }
        for (Format f : values()) {
            if (f.key.equals(value)) {
                return f;
            }
        }
        throw new HintedException("params.format must be one of rootfs, oci-layout, oci; got '" + value + "'");
    }

    @Override
    public String toString() {
        return key;
    }
}
