package dev.dockertag.resource;

/**
 * Entry point of the JVM launchers ({@code /opt/resource/launch}): runs the script without booting
 * Quarkus. A check runs every minute for every resource of every branch, and Quarkus' start (its
 * config, CDI container and log manager, none of which the scripts use) was a large share of a
 * check's CPU time. The native binary enters through {@link ResourceMain}, as does
 * {@code java -jar quarkus-run.jar}; both run the same {@link ResourceCommands#execute}. The launcher's class path holds the resource and
 * its libraries but not Quarkus' runtime: nothing here may touch a Quarkus class.
 */
public final class LauncherMain {

    private LauncherMain() {
    }

    public static void main(String[] args) {
        System.exit(ResourceCommands.execute(System.in, System.out, System.err, args));
    }
}
