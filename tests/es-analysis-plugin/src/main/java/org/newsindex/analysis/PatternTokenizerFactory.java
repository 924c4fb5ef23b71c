package org.newsindex.analysis;

import java.util.regex.Pattern;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;

/**
 * The {@code pattern} tokenizer: {@code pattern} (default {@code \W+}) splits the text, or with
 * {@code group} 0 or more its matches (that group of them) are the tokens.
 */
final class PatternTokenizerFactory extends AbstractTokenizerFactory {

    private final Pattern pattern;
    private final int group;

    PatternTokenizerFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(name);
        Parameters.only(settings, "pattern", name, "pattern", "group");
        pattern = Pattern.compile(settings.get("pattern", "\\W+"));
        group = settings.getAsInt("group", -1);
    }

    @Override
    public Tokenizer create() {
        return new PatternTokenizer(pattern, group);
    }
}
