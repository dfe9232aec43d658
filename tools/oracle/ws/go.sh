#!/bin/sh
# usage: go.sh logfile port rxbuf [utf8] -- scenarios
LOG=$1; PORTN=$2; RX=$3; U=$4; SC=$5
rm -f $LOG
./srv $PORTN $RX $U >> $LOG 2>&1 &
P=$!
sleep 0.5
LOG=$LOG PORT=$PORTN python3 drive.py $SC
kill $P; wait $P 2>/dev/null
