package org.newsindex.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.PatternKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.StemmerOverrideFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;

/** The token filters, one factory method each, named and parameterised as analysis-common's. */
final class TokenFilters {

    private TokenFilters() {}

    private static TokenFilterFactory filter(String name, UnaryOperator<TokenStream> wrap) {
        return new AbstractTokenFilterFactory(name) {
            @Override
            public TokenStream create(TokenStream tokens) {
                return wrap.apply(tokens);
            }
        };
    }

    /** {@code pattern_replace}: {@code pattern} replaced by {@code replacement} (default empty,
     * {@code $1} for a group) in each token, at every match unless {@code all} is false. */
    static TokenFilterFactory patternReplace(IndexSettings index, Environment env, String name, Settings settings) {
        Parameters.only(settings, "pattern_replace", name, "pattern", "replacement", "all");
        Pattern pattern = Pattern.compile(Parameters.required(settings, "pattern_replace", name, "pattern"));
        String replacement = settings.get("replacement", "");
        boolean all = settings.getAsBoolean("all", true);
        return filter(name, tokens -> new PatternReplaceFilter(tokens, pattern, replacement, all));
    }

    /** {@code keyword_marker}: tokens that match {@code keywords_pattern} whole, or are among
     * {@code keywords} (case-insensitively with {@code ignore_case}), are not stemmed. */
    static TokenFilterFactory keywordMarker(IndexSettings index, Environment env, String name, Settings settings) {
        Parameters.only(settings, "keyword_marker", name, "keywords_pattern", "keywords", "ignore_case");
        String pattern = settings.get("keywords_pattern");
        List<String> keywords = settings.getAsList("keywords", null);
        if (pattern != null && keywords != null) {
            throw new IllegalArgumentException("[keyword_marker] " + name + ": give [keywords_pattern] or [keywords], not both");
        }
        if (pattern != null) {
            Pattern compiled = Pattern.compile(pattern);
            return filter(name, tokens -> new PatternKeywordMarkerFilter(tokens, compiled));
        }
        if (keywords == null) {
            throw new IllegalArgumentException("[keyword_marker] " + name + ": [keywords_pattern] or [keywords] is required");
        }
        CharArraySet set = new CharArraySet(keywords, settings.getAsBoolean("ignore_case", false));
        return filter(name, tokens -> new SetKeywordMarkerFilter(tokens, set));
    }

    /** {@code stemmer_override}: {@code rules} as {@code "word, word => stem"}; the stem is
     * final (marked a keyword for the stemmers after it). */
    static TokenFilterFactory stemmerOverride(IndexSettings index, Environment env, String name, Settings settings) {
        Parameters.only(settings, "stemmer_override", name, "rules");
        List<String> rules = settings.getAsList("rules", null);
        if (rules == null || rules.isEmpty()) {
            throw new IllegalArgumentException("[stemmer_override] " + name + ": [rules] is required");
        }
        StemmerOverrideFilter.Builder builder = new StemmerOverrideFilter.Builder(false);
        for (String rule : rules) {
            String[] sides = rule.split("=>", -1);
            String stem = sides.length == 2 ? sides[1].trim() : "";
            if (stem.isEmpty()) {
                throw new IllegalArgumentException("[stemmer_override] " + name + ": invalid rule [" + rule + "]");
            }
            for (String word : sides[0].split(",")) {
                if (word.trim().isEmpty()) {
                    throw new IllegalArgumentException("[stemmer_override] " + name + ": invalid rule [" + rule + "]");
                }
                builder.add(word.trim(), stem);
            }
        }
        StemmerOverrideFilter.StemmerOverrideMap map;
        try {
            map = builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return filter(name, tokens -> new StemmerOverrideFilter(tokens, map));
    }

    /** {@code snowball}: the Snowball stemmer of {@code language} (default English), on tokens
     * not marked as keywords. */
    static TokenFilterFactory snowball(IndexSettings index, Environment env, String name, Settings settings) {
        Parameters.only(settings, "snowball", name, "language");
        String language = settings.get("language", "English");
        String stemmer = language.substring(0, 1).toUpperCase(Locale.ROOT) + language.substring(1);
        try {
            Class.forName("org.tartarus.snowball.ext." + stemmer + "Stemmer", false, SnowballFilter.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("[snowball] " + name + ": no Snowball stemmer for [" + language + "]");
        }
        return filter(name, tokens -> new SnowballFilter(tokens, stemmer));
    }

    /** {@code length}: only the tokens of {@code min} to {@code max} characters (UTF-16 units,
     * default 0 and Integer.MAX_VALUE) are kept; a removed token leaves a gap in positions. */
    static TokenFilterFactory length(IndexSettings index, Environment env, String name, Settings settings) {
        Parameters.only(settings, "length", name, "min", "max");
        int min = settings.getAsInt("min", 0);
        int max = settings.getAsInt("max", Integer.MAX_VALUE);
        if (min > max) {
            throw new IllegalArgumentException("[length] " + name + ": [min] must not exceed [max]");
        }
        return filter(name, tokens -> new LengthFilter(tokens, min, max));
    }
}
