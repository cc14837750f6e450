-- Let the planner see how rare a word is: with the default statistics target it knows only the few hundred most
-- common lexemes and takes every other word for a common one. Measured at 10 million messages (bench/search.sh,
-- docs/benchmarks.md): a word in no message 105 -> 25 ms p50, a phrase 552 -> 301 ms, a mid-frequency word 25 -> 20 ms.
ALTER TABLE messages ALTER COLUMN search_vector SET STATISTICS 5000;
