package dev.dockertag.registry.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkHeadersTest {

    private static final HttpUrl CURRENT = HttpUrl.get("https://registry.example/v2/team/app/tags/list?n=1000");

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // distribution's own form
                "</v2/team/app/tags/list?last=b&n=1000>; rel=\"next\"|https://registry.example/v2/team/app/tags/list?last=b&n=1000",
                // unquoted, no space, another case
                "</v2/team/app/tags/list?last=b>;rel=Next|https://registry.example/v2/team/app/tags/list?last=b",
                // several relation types in one rel
                "</v2/x?last=b>; rel=\"next last\"|https://registry.example/v2/x?last=b",
                // several links in one header: the next one is the second
                "</v2/x?p=1>; rel=\"prev\", </v2/x?p=3>; rel=\"next\"|https://registry.example/v2/x?p=3",
                // a parameter before rel, quoted with a separator inside
                "</v2/x?p=3>; title=\"a;b, c\"; rel=next|https://registry.example/v2/x?p=3",
                // an absolute URL on another host is resolved as it is
                "<https://cdn.example/page/2>; rel=\"next\"|https://cdn.example/page/2",
            })
    void findsTheNextPage(String header, String next) {
        assertThat(LinkHeaders.next(List.of(header), CURRENT)).hasToString(next);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "</v2/x?p=1>; rel=\"prev\"",
                // a relation type that only starts with next
                "</v2/x?p=3>; rel=\"next-archive\"",
                "</v2/x?p=3>; rel=nextpage",
                // no rel at all, or no target
                "</v2/x?p=3>",
                "rel=\"next\"",
                // a target that is no URL
                "<http://[::1>; rel=\"next\"",
            })
    void findsNoNextPageWhereThereIsNone(String header) {
        assertThat(LinkHeaders.next(List.of(header), CURRENT)).isNull();
    }

    @Test
    void readsEveryLinkHeaderOfTheAnswer() {
        assertThat(LinkHeaders.next(List.of("</a>; rel=\"prev\"", "</b>; rel=\"next\""), CURRENT))
                .hasToString("https://registry.example/b");
    }
}
