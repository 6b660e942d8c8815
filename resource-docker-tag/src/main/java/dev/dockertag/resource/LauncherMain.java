package dev.dockertag.resource;

/**
 * Entry point of the JVM launchers ({@code /opt/resource/launch}): runs the script without booting Quarkus. A check
 * runs every minute for every resource of every branch, and Quarkus' start (its config, CDI container and log manager,
 * none of which the scripts use) was a large share of a check's CPU time. The native binary enters through
 * {@link ResourceMain}, as does {@code java -jar quarkus-run.jar}; both run the same {@link ResourceCommands#execute}.
 * The launcher's class path holds the resource and its libraries but not Quarkus' runtime: nothing here may touch a
 * Quarkus class.
 */
public final class LauncherMain {

    private LauncherMain() {}

    /** slf4j's own do-nothing provider: the launcher's class path has no logging backend. */
    static final String NO_LOGGING = "org.slf4j.helpers.NOP_FallbackServiceProvider";

    public static void main(String[] args) {
        // The AWS SDK (ECR logins) logs through slf4j; without a provider slf4j would warn on stderr
        // instead of staying silent, so the provider is named outright.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", NO_LOGGING);
            System.setProperty("slf4j.internal.verbosity", "WARN"); // not even "loading the provider named"
        }
        System.exit(ResourceCommands.execute(System.in, System.out, System.err, args));
    }
}
