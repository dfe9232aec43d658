for r in $(seq 0 110 | grep -vx 67); do
  out=$(NOROOT=1 ./drive.py "GET /dummy/$r HTTP/1.1\r\n\r\n" 2>&1 | grep -v "cb 17\|cb 19\|FILTER_HTTP\|HTTP_BIND\|cb HTTP in=\|^\[20")
  echo "== $r: $out" | tr '\n' ' '; echo
done
