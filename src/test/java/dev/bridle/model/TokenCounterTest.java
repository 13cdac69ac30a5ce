package dev.bridle.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenCounterTest {

    @Test
    void theEncodingIsChosenByModelFamily() {
        assertThat(TokenCounter.forModel("gpt-4o-mini")).isSameAs(TokenCounter.o200k());
        assertThat(TokenCounter.forModel("o3")).isSameAs(TokenCounter.o200k());
        assertThat(TokenCounter.forModel("llama3.2")).isSameAs(TokenCounter.cl100k());
        assertThat(TokenCounter.forModel("qwen2.5")).isSameAs(TokenCounter.cl100k());
    }

    @Test
    void theTwoEncodingsCountDifferently() {
        String text = "Bonjour, comment ça va ? 今日は良い天気ですね。";
        assertThat(TokenCounter.o200k().count(text)).isNotEqualTo(TokenCounter.cl100k().count(text));
        assertThat(TokenCounter.cl100k().count("hello world")).isEqualTo(2);
    }
}
