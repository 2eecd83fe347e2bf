#!/usr/bin/env bash
# Latency at a fixed rate while a site's model retrains in the same process, against the same rate
# without a retrain, alternated so that drift of the shared machine falls on both.
#   src/Moderation.LoadTest/scenarios/retrain.sh [TASK=toxicity] [RATE=100] [ROUNDS=2]
# The site "news" gets moderators' labels first: a seed of generated comments, readers' reports of some
# approved ones, then every held or reported one decided as a moderator would (a link: rejected as spam;
# held for a term or for toxicity: rejected as toxic; otherwise approved). A retrain's cost grows with the
# site's labels (the shipped model corrected by them); retraining back to back keeps its thread busy
# throughout whatever that cost. The minimum per class is lowered so that a short seed qualifies.
set -uo pipefail
cd "$(dirname "$0")/../../.."
. src/Moderation.LoadTest/scenarios/private-services.sh >/dev/null
. src/Moderation.LoadTest/scenarios/common.sh
TASK=${1:-toxicity}; RATE=${2:-100}; ROUNDS=${3:-2}
OUT=${OUT:-$LOAD_STATE/retrain-$(date +%H%M%S).jsonl}
CREDENTIALS="$LOAD_STATE/retrain-credentials.txt"
JAR="$LOAD_STATE/retrain-cookies.txt"
[ "${SKIP_BUILD:-0}" = 1 ] || build_all
rm -f "$CREDENTIALS" "$JAR"
service_start Moderation__Auth__InitialCredentialsFile="$CREDENTIALS" Moderation__Sites__news__ReportsToHold=1 \
  Moderation__SiteModels__Retrain__MinimumPerClass=20 || exit 1

api() { curl -s -b "$JAR" -c "$JAR" -H 'content-type: application/json' "$@"; }
password=$(sed -n 's/^password: //p' "$CREDENTIALS")
api "$SERVICE_URL/api/v1/session" -d "{\"userName\":\"admin\",\"password\":\"$password\"}" >/dev/null
api -f "$SERVICE_URL/api/v1/session" >/dev/null || { echo "admin sign-in failed"; service_stop; exit 1; }

loadtest run --amqp "$LOAD_RABBITMQ" --count 4000 --rate 300 --idle-timeout 20 --settle 1 --label seed >/dev/null 2>&1
# Readers report 200 approved comments (one report each holds them on news), so that moderators see clean ones too.
key=$(api "$SERVICE_URL/api/v1/admin/keys" -d '{"siteId":"news","name":"retrain scenario"}' | jq -r .key)
reported=0
for offset in 0 200; do
  for id in $(api "$SERVICE_URL/api/v1/review/news/search?state=Approved&limit=100&offset=$offset" | jq -r '.items[].commentId'); do
    curl -s -o /dev/null -H "X-Api-Key: $key" -H 'content-type: application/json' \
      "$SERVICE_URL/api/v1/comments/news/$id/reports" -d "{\"reporterId\":\"reader-$reported\"}" && reported=$((reported + 1))
  done
done
echo "readers reported $reported approved comments"
decided=0
while :; do
  page=$(api "$SERVICE_URL/api/v1/review/news/queue?limit=200&sort=oldest")
  [ "$(jq '.items | length' <<<"$page")" -gt 0 ] || break
  while IFS=$'\t' read -r id revision version verdict; do
    case $verdict in
      spam) action=reject; body="{\"version\":$version,\"reasonCode\":\"Spam\"}" ;;
      toxic) action=reject; body="{\"version\":$version,\"reasonCode\":\"Toxic\"}" ;;
      *) action=approve; body="{\"version\":$version}" ;;
    esac
    api -o /dev/null "$SERVICE_URL/api/v1/review/news/comments/$id/$revision/$action" -d "$body" && decided=$((decided + 1))
  done < <(jq -r '.items[] | [.commentId, .revision, .version,
      (if (.text | test("https?://")) then "spam"
       elif (.reasonCodes | index("Toxic") or index("SuspectTerm")) then "toxic" else "clean" end)] | @tsv' <<<"$page")
done
echo "moderators decided $decided held comments of site news"

# A site with a long history: LABELS more toxicity labels (default 10,000), older than the ones above, made
# up from a word list (insults make a label toxic) and written straight to the store, as if decided earlier.
LABELS=${LABELS:-10000}
db=${LOAD_POSTGRES#*Database=}; db=${db%%;*}
su postgres -c "psql -p $LOAD_PG_PORT -d $db -q -v ON_ERROR_STOP=1" <<SQL
INSERT INTO labels (site_id, comment_id, revision, task, label, text, decided_by, decided_at)
SELECT 'news', 'history-' || g, 1, 'toxicity', 0,
       array_to_string(ARRAY(SELECT (ARRAY['the','council','budget','tram','line','squad','referee','bakery','school',
         'housing','plan','museum','water','rates','festival','vote','was','is','not','finally','better','worse','cost',
         'promised','explained','thanks','article','honestly','agree','disagree','again','nobody','everyone','you',
         'your','idiot','moron','clown','fool','pathetic','great','fine','terrible','love','hate','why','what'])[1 + floor(random() * 47)::int]
         FROM generate_series(1, 6 + g % 14)), ' '),
       'scenario', now() - interval '30 days' + g * interval '1 second'
FROM generate_series(1, $LABELS) g;
UPDATE labels SET label = 1 WHERE comment_id LIKE 'history-%' AND text ~ '(idiot|moron|clown|fool|pathetic)';
SQL
echo "wrote $LABELS older toxicity labels of site news"

# Warm up at the measured rate; then, alternated, a run of SECONDS_PER_RUN at RATE during which the site's model
# retrains (once; back to back with BACK_TO_BACK=1, the training thread busy throughout), and a run with none.
SECONDS_PER_RUN=${SECONDS_PER_RUN:-60}
run() {
  loadtest run --amqp "$LOAD_RABBITMQ" --count $((SECONDS_PER_RUN * RATE)) --rate "$RATE" --idle-timeout 20 --settle 1 \
    --label "$1" --json "$OUT" 2>/dev/null | grep -E '^(run  |throughput|latency)'
}
retrain() {
  local started answer
  started=$(date +%s%N)
  answer=$(api -X POST "$SERVICE_URL/api/v1/admin/sites/news/models/$TASK/retrain")
  jq -c --argjson ms $(( ($(date +%s%N) - started) / 1000000 )) '{ms: $ms, decision: (.decision // .code)}' <<<"$answer" >> "$LOAD_STATE/retrain-answers.jsonl"
  # Anything but a retrain that ran (a new model, or the same one again) ends a loop: it would only load the service.
  jq -e '.decision or .code == "ModelExists"' >/dev/null <<<"$answer" || { echo "retrain refused: $answer" >&2; return 1; }
}
loadtest run --amqp "$LOAD_RABBITMQ" --count 3000 --rate "$RATE" --idle-timeout 20 --settle 1 --label warmup >/dev/null 2>&1
for r in $(seq 1 "$ROUNDS"); do
  : > "$LOAD_STATE/retrain-answers.jsonl"
  rm -f "$LOAD_STATE/retrain-stop"
  ( sleep 5; retrain; while [ "${BACK_TO_BACK:-0}" = 1 ] && [ ! -f "$LOAD_STATE/retrain-stop" ]; do retrain || break; done ) &
  retraining=$!
  run "retraining-$r"
  touch "$LOAD_STATE/retrain-stop"; wait "$retraining"
  echo "retrains of $TASK during run $r (from 5 s in): $(jq -rs 'map("\(.decision) in \(.ms / 1000 | . * 10 | floor / 10) s") | join(", ")' "$LOAD_STATE/retrain-answers.jsonl")"
  run "alone-$r"
done
service_stop
echo "runs: $OUT"
