package dev.dockertag.registry.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** http_proxy, https_proxy and no_proxy as curl reads them. */
class EnvironmentProxiesTest {

    private static String chosen(Map<String, String> env, String url) {
        List<Proxy> proxies = EnvironmentProxies.from(env).select(URI.create(url));
        assertThat(proxies).hasSize(1);
        return proxies.get(0) == Proxy.NO_PROXY ? "DIRECT" : proxies.get(0).toString();
    }

    @Test
    void eachSchemeGoesThroughItsOwnProxy() {
        Map<String, String> env = Map.of("http_proxy", "http://plain.proxy:3128", "HTTPS_PROXY", "tls.proxy:8080");
        assertThat(chosen(env, "http://registry.local/v2/")).isEqualTo("HTTP @ plain.proxy/<unresolved>:3128");
        assertThat(chosen(env, "https://registry.example.com/v2/")).isEqualTo("HTTP @ tls.proxy/<unresolved>:8080");
    }

    @Test
    void noProxyMatchesHostsTheirSubdomainsAddressesRangesAndPorts() {
        Map<String, String> env = Map.of(
                "https_proxy",
                "http://proxy:3128",
                "http_proxy",
                "http://proxy:3128",
                "no_proxy",
                " internal.example , .corp.example,10.0.0.0/8, 127.0.0.1, registry.local:5000 ,[::1]");
        assertThat(chosen(env, "https://internal.example/v2/")).isEqualTo("DIRECT");
        assertThat(chosen(env, "https://registry.internal.example/v2/")).isEqualTo("DIRECT");
        assertThat(chosen(env, "https://corp.example/v2/")).isEqualTo("DIRECT");
        assertThat(chosen(env, "https://notinternal.example/v2/")).startsWith("HTTP @ proxy");
        assertThat(chosen(env, "http://10.20.30.40:5000/v2/")).isEqualTo("DIRECT");
        assertThat(chosen(env, "http://11.0.0.1/v2/")).startsWith("HTTP @ proxy");
        assertThat(chosen(env, "http://127.0.0.1:41234/v2/")).isEqualTo("DIRECT");
        assertThat(chosen(env, "http://127.0.0.2/v2/")).startsWith("HTTP @ proxy");
        assertThat(chosen(env, "http://registry.local:5000/v2/")).isEqualTo("DIRECT");
        assertThat(chosen(env, "http://registry.local:5001/v2/")).startsWith("HTTP @ proxy");
        assertThat(chosen(env, "http://[::1]:5000/v2/")).isEqualTo("DIRECT");
    }

    @Test
    void aStarBypassesEveryHostAndNoVariableMeansDirect() {
        assertThat(chosen(Map.of("http_proxy", "http://proxy:3128", "NO_PROXY", "*"), "http://any/v2/"))
                .isEqualTo("DIRECT");
        assertThat(chosen(Map.of(), "https://any/v2/")).isEqualTo("DIRECT");
        assertThat(EnvironmentProxies.from(Map.of()).any()).isFalse();
    }

    @Test
    void loopbackIsProxiedUnlessNoProxyNamesIt() {
        assertThat(chosen(Map.of("http_proxy", "http://127.0.0.1:3128"), "http://127.0.0.1:5000/v2/"))
                .isEqualTo("HTTP @ 127.0.0.1/<unresolved>:3128");
    }

    @Test
    void socksProxiesAreSocksAndTlsProxiesAreRefusedByName() {
        assertThat(chosen(Map.of("https_proxy", "socks5://gate:1080"), "https://r/v2/"))
                .isEqualTo("SOCKS @ gate/<unresolved>:1080");
        assertThatThrownBy(() -> EnvironmentProxies.from(Map.of("HTTPS_PROXY", "https://gate:443")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HTTPS_PROXY: a https:// proxy is not supported (use an http:// or socks5:// proxy)");
    }

    @Test
    void aProxyVariableThatNamesNoProxyIsAnErrorNamingTheVariable() {
        assertThatThrownBy(() -> EnvironmentProxies.from(Map.of("http_proxy", "http://:3128")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("http_proxy names no proxy host");
        assertThatThrownBy(() -> EnvironmentProxies.from(Map.of("https_proxy", "http://pro xy:3128")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("https_proxy is not a proxy URL: Illegal character in authority");
    }
}
