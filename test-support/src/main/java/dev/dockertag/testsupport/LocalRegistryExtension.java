package dev.dockertag.testsupport;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one real registry per test class, stopped and deleted afterwards.
 *
 * <pre>{@code
 * @RegisterExtension
 * static LocalRegistryExtension registry = LocalRegistryExtension.withBasicAuth();
 * ...
 * registry.get().host();   // 127.0.0.1:<port>
 * }</pre>
 *
 * Test methods may also take a {@link LocalRegistry} parameter.
 */
public final class LocalRegistryExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final boolean basicAuth;
    private final boolean readOnly;
    private LocalRegistry registry;

    private LocalRegistryExtension(boolean basicAuth, boolean readOnly) {
        this.basicAuth = basicAuth;
        this.readOnly = readOnly;
    }

    public static LocalRegistryExtension anonymous() {
        return new LocalRegistryExtension(false, false);
    }

    public static LocalRegistryExtension withBasicAuth() {
        return new LocalRegistryExtension(true, false);
    }

    public static LocalRegistryExtension readOnly() {
        return new LocalRegistryExtension(false, true);
    }

    public LocalRegistry get() {
        if (registry == null) {
            throw new IllegalStateException("the registry starts before all tests; register the extension as static");
        }
        return registry;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        registry = LocalRegistry.start(Path.of(System.getProperty("java.io.tmpdir")), basicAuth, readOnly);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalRegistry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return get();
    }
}
