package dev.dockertag.registry.internal.http;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.Authenticator;
import okhttp3.Credentials;
import okhttp3.Request;

/**
 * The proxies of {@code http_proxy}, {@code https_proxy} and {@code no_proxy} (or their upper-case forms), as curl and
 * Go read them: Concourse hands a worker's proxy settings to every container in these variables, and the JVM itself
 * ignores them. {@code no_proxy} is a comma-separated list of {@code *}, host names (each also matching its subdomains;
 * a leading dot is optional), IP addresses and CIDR ranges, each with an optional {@code :port}. Loopback is proxied
 * like any other address unless {@code no_proxy} names it (curl's rule; Go never proxies loopback). A proxy URL's user
 * and password are sent to the proxy alone, as Basic credentials.
 */
public final class EnvironmentProxies extends ProxySelector {

    private final Optional<URI> http;
    private final Optional<URI> https;
    private final List<String> noProxy;

    private EnvironmentProxies(Optional<URI> http, Optional<URI> https, List<String> noProxy) {
        this.http = http;
        this.https = https;
        this.noProxy = noProxy;
    }

    /** The proxies this environment names; none when it names none. */
    public static EnvironmentProxies from(Map<String, String> env) {
        List<String> noProxy = new ArrayList<>();
        for (String entry : first(env, "no_proxy", "NO_PROXY")
                .map(Map.Entry::getValue)
                .orElse("")
                .split(",")) {
            String e = entry.strip().toLowerCase(Locale.ROOT);
            if (!e.isEmpty()) {
                noProxy.add(e.startsWith(".") ? e.substring(1) : e);
            }
        }
        return new EnvironmentProxies(
                proxyUri(env, "http_proxy", "HTTP_PROXY"),
                proxyUri(env, "https_proxy", "HTTPS_PROXY"),
                List.copyOf(noProxy));
    }

    /** The first of {@code names} set to something: its name and its value. */
    private static Optional<Map.Entry<String, String>> first(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(Map.entry(name, value.strip()));
            }
        }
        return Optional.empty();
    }

    private static Optional<URI> proxyUri(Map<String, String> env, String lower, String upper) {
        Optional<Map.Entry<String, String>> variable = first(env, lower, upper);
        if (variable.isEmpty()) {
            return Optional.empty();
        }
        String name = variable.get().getKey();
        String value = variable.get().getValue();
        String text = value.contains("://") ? value : "http://" + value;
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("socks5") && !scheme.equals("socks5h")) {
                throw new IllegalArgumentException(
                        name + ": a " + scheme + ":// proxy is not supported" + " (use an http:// or socks5:// proxy)");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException(name + " names no proxy host");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " is not a proxy URL: " + e.getReason());
        }
    }

    /** True when a proxy is configured at all. */
    public boolean any() {
        return http.isPresent() || https.isPresent();
    }

    @Override
    public List<Proxy> select(URI uri) {
        return proxyFor(uri).map(p -> List.of(toProxy(p))).orElse(List.of(Proxy.NO_PROXY));
    }

    private Optional<URI> proxyFor(URI uri) {
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
        Optional<URI> proxy = scheme.equals("https") ? https : http;
        if (proxy.isEmpty() || bypassed(uri.getHost(), port(uri))) {
            return Optional.empty();
        }
        return proxy;
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static Proxy toProxy(URI proxy) {
        boolean socks = proxy.getScheme().toLowerCase(Locale.ROOT).startsWith("socks");
        int port = proxy.getPort() != -1 ? proxy.getPort() : socks ? 1080 : 80;
        return new Proxy(
                socks ? Proxy.Type.SOCKS : Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port));
    }

    boolean bypassed(String rawHost, int port) {
        if (rawHost == null) {
            return true;
        }
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        for (String entry : noProxy) {
            if (entry.equals("*") || matches(entry, host, port)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String entry, String host, int port) {
        String pattern = entry;
        int colon = entry.lastIndexOf(':');
        if (colon > 0
                && entry.indexOf(':') == colon
                && entry.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            if (Integer.parseInt(entry.substring(colon + 1)) != port) {
                return false;
            }
            pattern = entry.substring(0, colon);
        }
        if (pattern.startsWith("[") && pattern.endsWith("]")) {
            pattern = pattern.substring(1, pattern.length() - 1);
        }
        if (pattern.contains("/")) {
            return inRange(pattern, host);
        }
        return host.equals(pattern) || host.endsWith("." + pattern);
    }

    /** A CIDR range matches IP-literal hosts only: no name is resolved to decide. */
    private static boolean inRange(String cidr, String host) {
        if (!isIpLiteral(host)) {
            return false;
        }
        try {
            String[] parts = cidr.split("/", 2);
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            byte[] address = InetAddress.getByName(host).getAddress();
            int bits = Integer.parseInt(parts[1]);
            if (network.length != address.length || bits < 0 || bits > network.length * 8) {
                return false;
            }
            BigInteger mask = BigInteger.ONE
                    .shiftLeft(network.length * 8)
                    .subtract(BigInteger.ONE)
                    .shiftRight(bits)
                    .not();
            return new BigInteger(1, network).and(mask).equals(new BigInteger(1, address).and(mask));
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // OkHttp reports and retries on its own
    }

    /** Answers a proxy's 407 with the user and password of its URL, once. */
    public Authenticator authenticator() {
        return (route, response) -> {
            if (response.request().header("Proxy-Authorization") != null || route == null) {
                return null;
            }
            boolean https = route.address().url().isHttps();
            Optional<URI> proxy = https ? this.https : this.http;
            if (proxy.isEmpty() || proxy.get().getRawUserInfo() == null) {
                return null;
            }
            String[] userInfo = proxy.get().getUserInfo().split(":", 2);
            String credential =
                    Credentials.basic(userInfo[0], userInfo.length > 1 ? userInfo[1] : "", StandardCharsets.UTF_8);
            Request request = response.request();
            return request.newBuilder()
                    .header("Proxy-Authorization", credential)
                    .build();
        };
    }
}
