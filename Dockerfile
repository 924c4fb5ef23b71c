FROM python:3.11-slim

RUN useradd --create-home --uid 1000 newsindex
WORKDIR /app
COPY pyproject.toml README.md scrapy.cfg ./
COPY crawler ./crawler
COPY index ./index
COPY scheduler ./scheduler
COPY search_cli ./search_cli
RUN pip install --no-cache-dir ".[fleet]"

USER newsindex
ENV XDG_DATA_HOME=/data
VOLUME ["/data"]
ENTRYPOINT ["newsindex"]
CMD ["--help"]
