package dev.dockertag.registry.internal.http;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The next page of a paginated answer (tag lists, referrers), from its {@code Link} headers as RFC 8288 writes them:
 * {@code <url>; rel="next"}, several links to a header separated by commas, {@code rel} possibly unquoted or holding
 * several relation types ({@code rel="next last"}). Whatever a registry sends, this never throws: a header that does
 * not parse, or a URL that does not resolve, is no next page.
 */
public final class LinkHeaders {

    /** One link: {@code <target>} and its parameters up to the next comma that is outside quotes. */
    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,\"]*(?:\"[^\"]*\")?)*)");

    private static final Pattern REL = Pattern.compile("(?i)\\brel\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;,\"]+))");

    private LinkHeaders() {}

    /** The {@code rel="next"} target of {@code headers}, resolved against {@code current}; null when there is none. */
    public static HttpUrl next(List<String> headers, HttpUrl current) {
        for (String header : headers) {
            Matcher link = LINK.matcher(header);
            while (link.find()) {
                if (isNext(link.group(2))) {
                    return current.resolve(link.group(1).strip());
                }
            }
        }
        return null;
    }

    private static boolean isNext(String parameters) {
        Matcher rel = REL.matcher(parameters);
        if (!rel.find()) {
            return false;
        }
        String types = rel.group(1) != null ? rel.group(1) : rel.group(2);
        for (String type : types.strip().split("\\s+")) {
            if (type.toLowerCase(Locale.ROOT).equals("next")) {
                return true;
            }
        }
        return false;
    }
}
