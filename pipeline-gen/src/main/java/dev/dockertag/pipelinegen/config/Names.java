package dev.dockertag.pipelinegen.config;

/** The names pipeline-gen gives to the resources and jobs it generates, in one place. */
public final class Names {

    /** The git resource over the whole repository, for jobs without {@code paths}. */
    public static final String SOURCE = "src";
    /** The artifact name under which a job's source is fetched, whatever resource it comes from. */
    public static final String SOURCE_ARTIFACT = "src";
    /** The resource type name of resource-docker-tag in generated pipelines. */
    public static final String RESOURCE_TYPE = "docker-tag";

    private Names() {}

    /** The resource-docker-tag resource that follows the branch's tag of an image. */
    public static String imageResource(String image) {
        return image;
    }

    /** The git resource whose paths are the image's files. */
    public static String imageFiles(String image) {
        return image + "-files";
    }

    /** The git resource of a job with its own {@code paths}. */
    public static String jobSource(String job) {
        return job + "-src";
    }

    public static String buildJob(String image) {
        return "build-" + image;
    }

    public static String guardTask(String image) {
        return "check-" + image + "-is-current";
    }
}
