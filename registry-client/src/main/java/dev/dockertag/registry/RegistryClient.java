package dev.dockertag.registry;

import dev.dockertag.registry.auth.AuthHints;
import dev.dockertag.registry.auth.CredentialsProvider;
import dev.dockertag.registry.internal.http.EnvironmentProxies;
import dev.dockertag.registry.internal.http.RegistryAuth;
import dev.dockertag.registry.internal.http.SystemCertificates;
import dev.dockertag.registry.internal.http.Tls;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The entry point of the library: a client for OCI distribution / Docker Registry HTTP API V2 registries, shared by all
 * repositories of a process (one connection pool, one token cache).
 *
 * <pre>{@code
 * RegistryClient client = RegistryClient.builder()
 *         .credentials(CredentialsProvider.of(new Credentials("user", "secret")))
 *         .build();
 * RepositoryClient repo = client.repository(ImageReference.parse("registry.example.com/acme/app"));
 * Optional<Descriptor> latest = repo.resolve("master-latest");
 * }</pre>
 */
public final class RegistryClient implements AutoCloseable {

    private final OkHttpClient http;
    private final boolean allowPlainHttp;
    private final Retries retries;
    private final long monolithicUploadLimit;
    private final long chunkSize;

    private RegistryClient(Builder b) {
        this.allowPlainHttp = b.allowPlainHttp;
        this.retries = new Retries(b.retryPolicy, b.deadline);
        this.monolithicUploadLimit = b.monolithicUploadLimit;
        this.chunkSize = b.chunkSize;
        RegistryAuth auth = new RegistryAuth(b.credentials, b.allowPlainHttp, b.authHints);
        OkHttpClient.Builder base = new OkHttpClient.Builder()
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.readTimeout)
                .writeTimeout(b.readTimeout)
                .followRedirects(true)
                .followSslRedirects(b.allowPlainHttp)
                .eventListenerFactory(b.deadline.listeners())
                .addNetworkInterceptor(chain -> {
                    Request request = chain.request()
                            .newBuilder()
                            .header("User-Agent", b.userAgent)
                            .build();
                    long start = System.nanoTime();
                    try {
                        Response response = chain.proceed(request);
                        b.observer.exchanged(
                                request.method(),
                                redacted(request),
                                response.code(),
                                (System.nanoTime() - start) / 1_000_000);
                        return response;
                    } catch (IOException e) {
                        b.observer.exchanged(
                                request.method(), redacted(request), -1, (System.nanoTime() - start) / 1_000_000);
                        throw e;
                    }
                });
        EnvironmentProxies proxies = EnvironmentProxies.from(b.environment);
        if (proxies.any()) {
            base.proxySelector(proxies).proxyAuthenticator(proxies.authenticator());
        }
        Map<String, String> environment = b.environment;
        Tls tls = Tls.of(b.caCertificates, () -> SystemCertificates.load(environment));
        base.sslSocketFactory(tls.socketFactory(), tls.trustManager());
        OkHttpClient plain = base.build();
        auth.useTokenClient(
                plain.newBuilder().addInterceptor(new RetryInterceptor(retries)).build());
        this.http = plain.newBuilder()
                .addInterceptor(new RetryInterceptor(retries))
                .addInterceptor(auth)
                .authenticator(auth)
                .build();
    }

    /** Query strings of uploads carry server state, not secrets, but stay out of logs all the same. */
    private static String redacted(Request request) {
        return request.url().newBuilder().query(null).build().toString();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client for the repository of {@code reference} (its tag and digest are ignored). */
    public RepositoryClient repository(ImageReference reference) {
        return new RepositoryClient(this, reference);
    }

    OkHttpClient http() {
        return http;
    }

    boolean allowPlainHttp() {
        return allowPlainHttp;
    }

    /** The one owner of retries: the rule, the policy and the deadline. */
    Retries retries() {
        return retries;
    }

    long monolithicUploadLimit() {
        return monolithicUploadLimit;
    }

    long chunkSize() {
        return chunkSize;
    }

    /** Releases connections and threads; the client is unusable afterwards. */
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** Settings of a {@link RegistryClient}; every one has a sane default. */
    public static final class Builder {
        private CredentialsProvider credentials = CredentialsProvider.ANONYMOUS;
        private boolean allowPlainHttp;
        private List<String> caCertificates = List.of();
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private String userAgent = "dockertag/0.1";
        private RequestObserver observer = RequestObserver.NONE;
        private AuthHints authHints = AuthHints.NONE;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration readTimeout = Duration.ofSeconds(120);
        private long monolithicUploadLimit = 64L * 1024 * 1024;
        private long chunkSize = 16L * 1024 * 1024;
        private Map<String, String> environment = System.getenv();
        private Deadline deadline = Deadline.none();

        private Builder() {}

        /**
         * The environment that names proxies ({@code http_proxy}, {@code https_proxy}, {@code no_proxy}) and the
         * operating system's certificates ({@code SSL_CERT_FILE}, {@code SSL_CERT_DIR}); the process's own by default.
         */
        public Builder environment(Map<String, String> env) {
            this.environment = Map.copyOf(env);
            return this;
        }

        /** Where credentials come from (default: anonymous). */
        public Builder credentials(CredentialsProvider provider) {
            this.credentials = Objects.requireNonNull(provider);
            return this;
        }

        /** Talk plain HTTP instead of HTTPS (the resource's {@code insecure}); off by default. */
        public Builder allowPlainHttp(boolean allow) {
            this.allowPlainHttp = allow;
            return this;
        }

        /** PEM certificates to trust in addition to the JVM's and the operating system's. */
        public Builder caCertificates(List<String> pemCertificates) {
            this.caCertificates = List.copyOf(pemCertificates);
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy);
            return this;
        }

        public Builder userAgent(String agent) {
            this.userAgent = Objects.requireNonNull(agent);
            return this;
        }

        public Builder observer(RequestObserver requestObserver) {
            this.observer = Objects.requireNonNull(requestObserver);
            return this;
        }

        /** Where to remember, between processes, how each registry host wants to be authenticated. */
        public Builder authHints(AuthHints hints) {
            this.authHints = Objects.requireNonNull(hints);
            return this;
        }

        public Builder timeouts(Duration connect, Duration read) {
            this.connectTimeout = connect;
            this.readTimeout = read;
            return this;
        }

        /**
         * The bound on all the client's work: calls in flight when it passes are cancelled, and no call or retry starts
         * after it. None by default.
         */
        public Builder deadline(Deadline bound) {
            this.deadline = Objects.requireNonNull(bound);
            return this;
        }

        /** Blobs up to this size go up in one PUT; larger ones in PATCH chunks of {@code chunkSize}. */
        public Builder uploads(long monolithicLimit, long chunk) {
            if (chunk <= 0) {
                throw new IllegalArgumentException("chunk size must be positive");
            }
            this.monolithicUploadLimit = monolithicLimit;
            this.chunkSize = chunk;
            return this;
        }

        public RegistryClient build() {
            return new RegistryClient(this);
        }
    }
}
