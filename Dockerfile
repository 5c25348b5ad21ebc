# The dashboard in a container: `docker build -t tracker . && docker run -p 8501:8501 tracker`.
# Mount another data folder with -v /path/to/data:/app/data:ro (or set TRACKER_DATA_DIR).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TRACKER_DATA_DIR=/app/data

RUN useradd --create-home --uid 10001 app
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=app:app . .
USER app

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://localhost:8501/_stcore/health', timeout=4).status == 200 else 1)"

# The same start command as `make run`, listening on every interface of the container.
CMD ["python", "-m", "tracker", "serve", "--server.port", "8501", "--server.address", "0.0.0.0"]
