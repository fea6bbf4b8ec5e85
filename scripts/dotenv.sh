# shellcheck shell=bash
# dotenv_get FILE KEY: print the value of KEY in the .env FILE, read by the rules of
# python-dotenv, which kg uses (kg/neo4j/__init__.py: read_env_file), so scripts/neo4j-local
# and kg never disagree on a password:
#   * the last line that sets KEY wins; `export ` may come first; blank and # lines are skipped;
#   * 'single' or "double" quotes: the value is what is inside, then only blanks or a # comment
#     may follow on the line (else the line is ignored, as python-dotenv ignores it); escapes
#     (\' \" \\ …) are left as written: neo4j-local refuses a password with a backslash;
#   * unquoted: the rest of the line, cut before the first blank followed by # (a comment),
#     trailing blanks removed; after `KEY= ` (a blank) a # starts a comment: the value is empty;
#   * a key without = is not set.
# Values on several lines are not supported (a password has none). Exit status 1 when KEY is
# not set. The value is printed for command substitution only; callers never echo it.
dotenv_get() {
  local file=$1 want=$2 line key gap rest value found=1
  [[ -r "$file" ]] || return 1
  local re_line="^[[:space:]]*(export[[:blank:]]+)?('([^']+)'|([^=#[:space:]]+))[[:blank:]]*=([[:blank:]]*)(.*)$"
  # inside quotes a backslash escapes the next character; the value keeps it undecoded
  # (neo4j-local refuses a password with a backslash rather than read it otherwise than kg)
  local re_single="^'((\\\\.|[^'\\\\])*)'[[:blank:]]*(#.*)?\$"
  local re_double="^\"((\\\\.|[^\"\\\\])*)\"[[:blank:]]*(#.*)?\$"
  while IFS= read -r line || [[ -n "$line" ]]; do
    line=${line%$'\r'}
    [[ "$line" =~ $re_line ]] || continue
    key=${BASH_REMATCH[3]:-${BASH_REMATCH[4]}}
    [[ "$key" == "$want" ]] || continue
    gap=${BASH_REMATCH[5]} rest=${BASH_REMATCH[6]}
    if [[ -n "$gap" && "$rest" == \#* ]]; then
      value=""
    elif [[ "$rest" == \'* ]]; then
      [[ "$rest" =~ $re_single ]] || continue
      value=${BASH_REMATCH[1]}
    elif [[ "$rest" == \"* ]]; then
      [[ "$rest" =~ $re_double ]] || continue
      value=${BASH_REMATCH[1]}
    else
      value=${rest%%[[:space:]]#*}
      value=${value%"${value##*[![:space:]]}"}
    fi
    found=0
  done <"$file"
  (( found == 0 )) || return 1
  printf '%s' "$value"
}
