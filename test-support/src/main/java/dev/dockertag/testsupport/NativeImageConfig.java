package dev.dockertag.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What a native image needs, read from a module's compiled classes, and what the module declares for it, read from its
 * GraalVM config files, so a test can hold one against the other. No native-image runs here; these checks catch the
 * usual way a native executable breaks while the JVM build stays green: a new Jackson-bound record or picocli command
 * that nobody registered.
 */
public final class NativeImageConfig {

    private static final String PROJECT_PACKAGE = "dev.dockertag.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private NativeImageConfig() {}

    /** Every class compiled into {@code classesDir} (a module's target/classes), loaded without initialising it. */
    public static List<Class<?>> compiledClasses(Path classesDir) {
        try (Stream<Path> files = Files.walk(classesDir)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classesDir.relativize(f).toString())
                    .filter(name -> !name.endsWith("module-info.class") && !name.endsWith("package-info.class"))
                    .sorted()
                    .<Class<?>>map(name -> load(
                            name.substring(0, name.length() - ".class".length()).replace('/', '.')))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every class in the jar that holds {@code anyClassOfIt}, loaded without initialising it; classes that need an
     * optional dependency which is not on the class path are left out.
     */
    public static List<Class<?>> classesInJarOf(Class<?> anyClassOfIt) {
        List<Class<?>> classes = new ArrayList<>();
        try (JarFile jar = new JarFile(Path.of(anyClassOfIt
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.endsWith("module-info.class") || name.startsWith("META-INF/")) {
                    continue;
                }
                try {
                    classes.add(Class.forName(
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'),
                            false,
                            anyClassOfIt.getClassLoader()));
                } catch (ClassNotFoundException | LinkageError optionalDependencyMissing) {
                    // e.g. the ssh or gpg parts of a library whose extra jars this tool does not ship
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        classes.sort(Comparator.comparing(Class::getName));
        return classes;
    }

    /** The classes a {@code native-image.properties} initialises at run time ({@code --initialize-at-run-time=a,b}). */
    public static Set<String> initializedAtRunTime(Path nativeImageProperties) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(nativeImageProperties)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new TreeSet<>();
        for (String argument : properties.getProperty("Args", "").trim().split("\\s+")) {
            if (argument.startsWith("--initialize-at-run-time=")) {
                names.addAll(Arrays.asList(
                        argument.substring("--initialize-at-run-time=".length()).split(",")));
            }
        }
        return names;
    }

    /** The resource bundles a {@code resource-config.json} includes. */
    public static Set<String> includedBundles(Path resourceConfig) {
        Set<String> names = new TreeSet<>();
        try {
            for (JsonNode bundle : JSON.readTree(resourceConfig.toFile()).path("bundles")) {
                names.add(bundle.path("name").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /**
     * The records Jackson binds: those with a component carrying a Jackson annotation (how this project marks its wire
     * types), and every record or enum of this project that such a record holds, however deep
     * ({@code List<Descriptor>}, {@code Map<String, Seen>}).
     */
    public static Set<Class<?>> jacksonBoundTypes(Path classesDir) {
        Deque<Class<?>> pending = new ArrayDeque<>();
        for (Class<?> type : compiledClasses(classesDir)) {
            if (type.isRecord()
                    && Arrays.stream(type.getRecordComponents())
                            .anyMatch(c -> annotatedFrom(c, "com.fasterxml.jackson.annotation."))) {
                pending.add(type);
            }
        }
        return reachable(pending);
    }

    /**
     * {@code roots} and every record or enum of this project they hold, however deep: what a binder that reads records
     * by reflection (the resource's {@code Payloads}) needs registered.
     */
    public static Set<Class<?>> recordsReachableFrom(Class<?>... roots) {
        return reachable(new ArrayDeque<>(Arrays.asList(roots)));
    }

    private static Set<Class<?>> reachable(Deque<Class<?>> pending) {
        Set<Class<?>> found = new LinkedHashSet<>();
        while (!pending.isEmpty()) {
            Class<?> type = pending.poll();
            if (!found.add(type) || !type.isRecord()) {
                continue;
            }
            for (RecordComponent component : type.getRecordComponents()) {
                collectProjectTypes(component.getGenericType(), pending);
            }
        }
        return sorted(found);
    }

    /** Classes picocli reads by reflection: commands, and classes whose fields carry its annotations (mixins). */
    public static Set<Class<?>> picocliTypes(Path classesDir) {
        Set<Class<?>> found = new LinkedHashSet<>();
        for (Class<?> type : compiledClasses(classesDir)) {
            boolean command = annotatedFrom(type, "picocli.CommandLine$");
            boolean fields =
                    Arrays.stream(type.getDeclaredFields()).anyMatch(f -> annotatedFrom(f, "picocli.CommandLine$"));
            if (command || fields) {
                found.add(type);
            }
        }
        return sorted(found);
    }

    /**
     * The names a {@code reflect-config.json} registers with every one of {@code flags} set (e.g.
     * {@code allPublicMethods}); with no flags, every name it registers.
     */
    public static Set<String> registeredNames(Path reflectConfig, String... flags) {
        Set<String> names = new TreeSet<>();
        for (JsonNode entry : read(reflectConfig)) {
            if (Arrays.stream(flags).allMatch(flag -> entry.path(flag).asBoolean())) {
                names.add(entry.path("name").asText());
            }
        }
        return names;
    }

    /**
     * A config file as native-image finds it: on the class path under {@code META-INF/native-image/}, e.g.
     * {@code dev.dockertag/registry-client/reflect-config.json}, or
     * {@code picocli-generated/dev.dockertag/reaper/reflect-config.json} (written by picocli-codegen).
     */
    public static Path onClassPath(String underNativeImage) {
        String resource = "META-INF/native-image/" + underNativeImage;
        URL url = Thread.currentThread().getContextClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("no " + resource + " on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException(resource + " is not a file on disk: " + url, e);
        }
    }

    /**
     * Those of {@code types} that Quarkus would not register for reflection: neither annotated
     * {@code @RegisterForReflection} nor nested in a class so annotated without {@code ignoreNested}.
     */
    public static Set<String> notRegisteredForReflection(Set<Class<?>> types) {
        Set<String> missing = new TreeSet<>();
        for (Class<?> type : types) {
            if (!registeredForReflection(type)) {
                missing.add(type.getName());
            }
        }
        return missing;
    }

    private static boolean registeredForReflection(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            for (Annotation annotation : c.getDeclaredAnnotations()) {
                if (annotation.annotationType().getName().equals("io.quarkus.runtime.annotations.RegisterForReflection")
                        && (c == type || !ignoresNested(annotation))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean ignoresNested(Annotation registerForReflection) {
        try {
            return (Boolean) registerForReflection
                    .annotationType()
                    .getMethod("ignoreNested")
                    .invoke(registerForReflection);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("RegisterForReflection without ignoreNested()", e);
        }
    }

    /** The names of types, for comparing with a config file's. */
    public static Set<String> namesOf(Set<Class<?>> types) {
        Set<String> names = new TreeSet<>();
        types.forEach(t -> names.add(t.getName()));
        return names;
    }

    /** Loads a class by its binary name ({@code a.b.Outer$Inner}) without initialising it. */
    public static Class<?> load(String binaryName) {
        try {
            return Class.forName(binaryName, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no class " + binaryName + " on the test class path", e);
        }
    }

    private static JsonNode read(Path reflectConfig) {
        try {
            JsonNode root = JSON.readTree(reflectConfig.toFile());
            if (!root.isArray()) {
                throw new IllegalStateException(reflectConfig + " is not a JSON array of entries");
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collectProjectTypes(Type type, Deque<Class<?>> into) {
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                collectProjectTypes(c.getComponentType(), into);
            } else if (c.getName().startsWith(PROJECT_PACKAGE) && (c.isRecord() || c.isEnum())) {
                into.add(c);
            }
        } else if (type instanceof ParameterizedType p) {
            collectProjectTypes(p.getRawType(), into);
            for (Type argument : p.getActualTypeArguments()) {
                collectProjectTypes(argument, into);
            }
        } else if (type instanceof GenericArrayType a) {
            collectProjectTypes(a.getGenericComponentType(), into);
        } else if (type instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                collectProjectTypes(bound, into);
            }
        }
    }

    private static boolean annotatedFrom(AnnotatedElement element, String annotationPrefix) {
        for (Annotation annotation : element.getDeclaredAnnotations()) {
            if (annotation.annotationType().getName().startsWith(annotationPrefix)) {
                return true;
            }
        }
        if (element instanceof RecordComponent component) {
            // a record component's annotations land on its field, accessor and constructor parameter
            Field field = fieldOf(component);
            return field != null && annotatedFrom(field, annotationPrefix);
        }
        return false;
    }

    private static Field fieldOf(RecordComponent component) {
        try {
            return component.getDeclaringRecord().getDeclaredField(component.getName());
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static Set<Class<?>> sorted(Set<Class<?>> types) {
        Set<Class<?>> sorted = new TreeSet<>(Comparator.comparing(Class::getName));
        sorted.addAll(types);
        return sorted;
    }
}
